# Vacancies and webhooks in the Partners service (included by CMakeLists.txt here).

# samen_vacancy_rules: pure decisions (no I/O), unit-tested on their own.
add_library(samen_vacancy_rules STATIC
  vacancy_access.cc
  vacancy_html.cc
  vacancy_job_posting.cc
  vacancy_rules.cc
  vacancy_sync.cc
  webhook_rules.cc
  webhook_secrets.cc)
target_include_directories(samen_vacancy_rules PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_vacancy_rules PUBLIC samen_partners_rules samen_proto samen_common
  OpenSSL::Crypto PRIVATE samen_warnings)

# samen_vacancies: VacanciesService (handler + repository) and the background work.
add_library(samen_vacancies STATIC
  vacancy_component.cc
  vacancy_feed_repository.cc
  vacancy_handler.cc
  vacancy_handler_settings.cc
  vacancy_repository.cc
  vacancy_settings_repository.cc
  vacancy_watch.cc
  webhook_handler.cc
  webhook_repository.cc
  webhook_sender.cc
  webhook_url_policy.cc
  webhook_worker.cc)
target_include_directories(samen_vacancies PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(samen_vacancies PUBLIC samen_vacancy_rules samen_db samen_common samen_proto
  PRIVATE Boost::system OpenSSL::SSL samen_warnings)
