-- A person's notification settings (people/{person}/notificationSettings): the
-- language of their e-mail, whether and how long before a coaching session a
-- reminder goes out, and HR's weekly digest. A person without a row has the
-- defaults, which the columns' defaults repeat; the row goes with the person.
-- `reminder_lead_minutes` is whole minutes, 1 hour to 7 days. Transactional e-mail
-- (confirmations, changes, promotions, decisions, cancellations) has no switch.

CREATE TABLE notification_settings (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  language VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'nl',
  session_reminders BOOLEAN NOT NULL DEFAULT TRUE,
  reminder_lead_minutes INT NOT NULL DEFAULT 1440,
  hr_digest BOOLEAN NOT NULL DEFAULT TRUE,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (person_id),
  CONSTRAINT ck_notification_settings_language CHECK (language IN ('nl', 'en')),
  CONSTRAINT ck_notification_settings_lead CHECK (reminder_lead_minutes BETWEEN 60 AND 10080),
  CONSTRAINT fk_notification_settings_person FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
