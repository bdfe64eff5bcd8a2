# samen_test_http_client: the blocking HTTP/1.1 test client (Boost.Beast).
add_library(samen_test_http_client STATIC ${CMAKE_CURRENT_LIST_DIR}/http_client.cc)
target_include_directories(samen_test_http_client PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_test_http_client PUBLIC Boost::system Threads::Threads
  PRIVATE samen_warnings)

# samen_test_browser: redirects, cookies and forms over the test client, for
# the sign-in end-to-end tests.
add_library(samen_test_browser STATIC ${CMAKE_CURRENT_LIST_DIR}/browser.cc)
target_include_directories(samen_test_browser PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_test_browser PUBLIC samen_test_http_client samen_http_client absl::strings
  PRIVATE samen_warnings)

# samen_test_sign_in: a Samen stack with its identity service trusting the
# local identity provider (scripts/local-idp), for sign-in and browser tests.
add_library(samen_test_sign_in STATIC ${CMAKE_CURRENT_LIST_DIR}/sign_in_stack.cc)
target_include_directories(samen_test_sign_in PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_test_sign_in PUBLIC samen_test_support samen_test_browser samen_auth
  protobuf::libprotobuf PRIVATE samen_warnings)
