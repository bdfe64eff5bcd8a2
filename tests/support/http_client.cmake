# samen_test_http_client: a blocking Beast HTTP/1.1 client for tests. Included from
# tests/support/CMakeLists.txt (and by tests that need it, when that has not happened).
if(NOT TARGET samen_test_http_client)
  add_library(samen_test_http_client STATIC ${CMAKE_CURRENT_LIST_DIR}/http_client.cc)
  target_include_directories(samen_test_http_client PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(samen_test_http_client
    PUBLIC absl::status absl::statusor absl::strings absl::time Boost::system Threads::Threads
    PRIVATE samen_warnings)
endif()
