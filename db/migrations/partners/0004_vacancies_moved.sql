-- Vacancies and webhooks moved to the Vacancies service and its own database
-- (samen_vacancies, db/migrations/vacancies/). An existing deployment copies these tables'
-- rows into samen_vacancies before it upgrades (docs/vacancies.md, "Moving an existing
-- deployment"); this drops them from samen_partners. Children before parents.

DROP TABLE IF EXISTS webhook_attempts;
DROP TABLE IF EXISTS webhook_deliveries;
DROP TABLE IF EXISTS webhook_events;
DROP TABLE IF EXISTS webhook_endpoints;
DROP TABLE IF EXISTS vacancy_profiles;
DROP TABLE IF EXISTS hiring_agreements;
DROP TABLE IF EXISTS shortage_subject_lists;
DROP TABLE IF EXISTS vacancy_feed_state;
DROP TABLE IF EXISTS vacancy_changes;
DROP TABLE IF EXISTS vacancy_subjects;
DROP TABLE IF EXISTS vacancies;
