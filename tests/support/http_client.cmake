# samen_test_http_client: the blocking HTTP/1.1 test client (Boost.Beast).
add_library(samen_test_http_client STATIC ${CMAKE_CURRENT_LIST_DIR}/http_client.cc)
target_include_directories(samen_test_http_client PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_test_http_client PUBLIC Boost::system Threads::Threads
  PRIVATE samen_warnings)
