-- The notification outbox (services/common/notify/outbox.h): e-mail to people,
-- written in the same transaction as the change it reports and delivered by
-- any replica's worker (SELECT ... FOR UPDATE SKIP LOCKED), with the delivery
-- log of every attempt.
CREATE TABLE notification_outbox (
  id BIGINT NOT NULL AUTO_INCREMENT,
  -- One message per key, ever (a retried request enqueues nothing new).
  message_key VARCHAR(191) NOT NULL,
  -- Messages withdrawn together, e.g. a rescheduled session's reminders.
  topic VARCHAR(191) NOT NULL DEFAULT '',
  kind VARCHAR(40) NOT NULL,
  recipient_id VARCHAR(64) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  -- 1 pending, 2 sent, 3 failed, 4 skipped, 5 withdrawn.
  state TINYINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  -- When it is due; while a worker holds it, when its lease runs out.
  next_attempt_time DATETIME(6) NOT NULL,
  lease_token VARCHAR(32) NULL,
  last_error VARCHAR(500) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  finish_time DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY notification_outbox_key (message_key),
  KEY notification_outbox_due (state, next_attempt_time),
  KEY notification_outbox_topic (topic, state),
  KEY notification_outbox_recipient (recipient_id, create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The delivery log: one row per attempt, with the SMTP server's answer or why
-- nothing was sent. Outcome: 1 sent, 2 retry, 3 failed, 4 skipped,
-- 5 interrupted (a worker stopped mid-attempt).
CREATE TABLE notification_attempts (
  notification_id BIGINT NOT NULL,
  attempt INT NOT NULL,
  attempt_time DATETIME(6) NOT NULL,
  duration_ms INT NOT NULL,
  outcome TINYINT NOT NULL,
  detail VARCHAR(500) NOT NULL,
  PRIMARY KEY (notification_id, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
