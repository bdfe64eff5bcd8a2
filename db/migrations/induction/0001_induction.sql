-- Induction: programmes, starters, coaches' availability, the calendar (coaching
-- bookings, lesson visits, intervision), confidential notes, calendar feeds and the
-- audit of reads. Person ids are the Partners directory's ids (token subjects);
-- school, board and partnership ids are Partners ids too (no foreign keys across
-- services). Times are UTC.
--
-- No double booking, across any number of replicas, is the database's job:
--   * time_claims holds one row per person and 5-minute quantum an active entry covers,
--     with the primary key (person_id, quantum): two overlapping entries of one person
--     cannot both commit;
--   * person_locks has one row per starter and coach; booking transactions lock both
--     rows (SELECT ... FOR UPDATE, in id order) before they read the quota, the coach's
--     daily count and buffer, so those checks see every committed booking.

CREATE TABLE programmes (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  owner VARCHAR(140) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  duration_years TINYINT NOT NULL,
  description VARCHAR(2000) NOT NULL DEFAULT '',
  minimum_notice_seconds INT NOT NULL DEFAULT 0,
  booking_horizon_seconds INT NOT NULL DEFAULT 0,
  cancellation_notice_seconds INT NOT NULL DEFAULT 0,
  at_risk_after_weeks INT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_programmes_owner (owner, id),
  CONSTRAINT ck_programmes_duration CHECK (duration_years BETWEEN 1 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per year of the programme (starter_kind 0) and per year of each variant.
-- Lists are stored one item per line.
CREATE TABLE programme_years (
  programme_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  starter_kind TINYINT NOT NULL,
  year TINYINT NOT NULL,
  coaching_sessions INT NOT NULL DEFAULT 0,
  lesson_visits INT NOT NULL DEFAULT 0,
  intervision_meetings INT NOT NULL DEFAULT 0,
  learning_arrangements TEXT NOT NULL,
  training_items TEXT NOT NULL,
  PRIMARY KEY (programme_id, starter_kind, year),
  CONSTRAINT fk_programme_years FOREIGN KEY (programme_id)
    REFERENCES programmes (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE starters (
  id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  school_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  board_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  programme_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL DEFAULT 0,
  start_date DATE NOT NULL,
  subjects VARCHAR(1200) NOT NULL DEFAULT '',
  current_year TINYINT NOT NULL DEFAULT 1,
  status TINYINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_starters_school (school_id, id),
  KEY ix_starters_board (board_id, id),
  KEY ix_starters_programme (programme_id, id),
  CONSTRAINT fk_starters_programme FOREIGN KEY (programme_id) REFERENCES programmes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE starter_coaches (
  starter_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  coach_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (starter_id, coach_id),
  KEY ix_starter_coaches_coach (coach_id, starter_id),
  CONSTRAINT fk_starter_coaches FOREIGN KEY (starter_id)
    REFERENCES starters (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE person_locks (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE coach_availability (
  coach_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  slot_minutes SMALLINT NOT NULL,
  buffer_minutes SMALLINT NOT NULL DEFAULT 0,
  max_sessions_per_day SMALLINT NOT NULL DEFAULT 0,
  location VARCHAR(200) NOT NULL DEFAULT '',
  online_link VARCHAR(500) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (coach_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Weekly windows (weekday 1 = Monday) and date exceptions (kind 1 = day off,
-- 2 = extra window), in Europe/Amsterdam minutes after midnight.
CREATE TABLE availability_windows (
  coach_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position SMALLINT NOT NULL,
  weekday TINYINT NOT NULL,
  start_minute SMALLINT NOT NULL,
  end_minute SMALLINT NOT NULL,
  PRIMARY KEY (coach_id, position),
  CONSTRAINT fk_availability_windows FOREIGN KEY (coach_id)
    REFERENCES coach_availability (coach_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE availability_exceptions (
  coach_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position SMALLINT NOT NULL,
  day DATE NOT NULL,
  kind TINYINT NOT NULL,
  start_minute SMALLINT NOT NULL DEFAULT 0,
  end_minute SMALLINT NOT NULL DEFAULT 0,
  PRIMARY KEY (coach_id, position),
  CONSTRAINT fk_availability_exceptions FOREIGN KEY (coach_id)
    REFERENCES coach_availability (coach_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Coaching bookings (kind 1), lesson visits (2) and intervision meetings (3).
-- state: 1 confirmed, 2 cancelled, 3 held, 4 no-show. starter_id is set for
-- bookings and lesson visits; every person taking part is in entry_participants.
CREATE TABLE calendar_entries (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  coach_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  starter_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  title VARCHAR(200) NOT NULL DEFAULT '',
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NOT NULL,
  state TINYINT NOT NULL,
  programme_year TINYINT NOT NULL DEFAULT 0,
  late_cancellation BOOLEAN NOT NULL DEFAULT FALSE,
  cancel_reason VARCHAR(500) NOT NULL DEFAULT '',
  cancelled_by VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  location VARCHAR(200) NOT NULL DEFAULT '',
  online_link VARCHAR(500) NOT NULL DEFAULT '',
  ical_uid VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sequence INT NOT NULL DEFAULT 0,
  request_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_entries_ical_uid (ical_uid),
  UNIQUE KEY uk_entries_request (starter_id, request_id),
  KEY ix_entries_starter (starter_id, start_time),
  KEY ix_entries_coach (coach_id, start_time),
  CONSTRAINT ck_entries_times CHECK (end_time > start_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- role: 1 coach, 2 starter.
CREATE TABLE entry_participants (
  entry_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role TINYINT NOT NULL,
  PRIMARY KEY (entry_id, person_id),
  KEY ix_participants_person (person_id, entry_id),
  CONSTRAINT fk_participants_entry FOREIGN KEY (entry_id)
    REFERENCES calendar_entries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE time_claims (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  quantum DATETIME NOT NULL,
  entry_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (person_id, quantum),
  KEY ix_claims_entry (entry_id),
  CONSTRAINT fk_claims_entry FOREIGN KEY (entry_id)
    REFERENCES calendar_entries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Confidential: read and written only by the starter and the coach of the session.
-- No tracking or export query touches this table.
CREATE TABLE coaching_notes (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  entry_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  author_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  text TEXT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_notes_entry (entry_id, create_time),
  CONSTRAINT fk_notes_entry FOREIGN KEY (entry_id)
    REFERENCES calendar_entries (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The SHA-256 of the current feed token; revoking deletes the row.
CREATE TABLE calendar_feeds (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  token_sha256 BINARY(32) NOT NULL,
  issue_time DATETIME(6) NOT NULL,
  PRIMARY KEY (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Who read a starter's record (everyone but the starter and their coaches).
CREATE TABLE access_records (
  id BIGINT NOT NULL AUTO_INCREMENT,
  starter_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  viewer_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  viewer_name VARCHAR(200) NOT NULL DEFAULT '',
  viewer_role VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  action VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  access_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_access_starter (starter_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
