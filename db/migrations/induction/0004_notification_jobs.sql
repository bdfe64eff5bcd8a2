-- Jobs that run once per period across every replica (the weekly HR digest):
-- a replica claims a period with a lease, marks it done when every message is
-- enqueued; another takes over when the lease runs out first.
CREATE TABLE notification_jobs (
  job VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  period VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  done BOOLEAN NOT NULL DEFAULT FALSE,
  lease_until DATETIME(6) NOT NULL,
  finish_time DATETIME(6) NULL,
  PRIMARY KEY (job, period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
