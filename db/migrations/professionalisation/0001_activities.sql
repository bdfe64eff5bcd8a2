-- Professionalisation: activities and their sessions, enrolments with capacity,
-- waitlist and approval, attendance, the development record, feedback and the
-- enrolment event log (docs/professionalisation.md).
-- Times are UTC. Every change to an activity's enrolments happens while holding its
-- row lock (SELECT ... FOR UPDATE), and the counters below are written in the same
-- transaction, so capacity holds across replicas; the CHECK is the last line of defence.

CREATE TABLE activities (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  owner VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  audiences VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  sectors VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  capacity INT NOT NULL,
  enrolment_open_time DATETIME(6) NOT NULL,
  enrolment_close_time DATETIME(6) NOT NULL,
  cancellation_deadline DATETIME(6) NOT NULL,
  hours_centis INT NOT NULL DEFAULT 0,
  approval_required BOOLEAN NOT NULL DEFAULT FALSE,
  series_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  series_cap INT NOT NULL DEFAULT 0,
  required_sessions INT NOT NULL DEFAULT 0,
  first_start DATETIME(6) NOT NULL,
  last_end DATETIME(6) NOT NULL,
  enrolled_count INT NOT NULL DEFAULT 0,
  waitlisted_count INT NOT NULL DEFAULT 0,
  pending_count INT NOT NULL DEFAULT 0,
  -- The arrival number the next enrolment request gets (FIFO order of the waitlist).
  next_arrival BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_activities_start (last_end, first_start, id),
  KEY ix_activities_owner (owner, first_start, id),
  KEY ix_activities_series (owner, series_id),
  CONSTRAINT ck_activities_capacity CHECK (capacity >= 1 AND enrolled_count >= 0
    AND enrolled_count <= capacity AND waitlisted_count >= 0 AND pending_count >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE activity_sessions (
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  session_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position INT NOT NULL,
  title VARCHAR(200) NOT NULL DEFAULT '',
  local_date DATE NOT NULL,
  local_start CHAR(5) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  local_end CHAR(5) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NOT NULL,
  location_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  location_name VARCHAR(200) NOT NULL DEFAULT '',
  city VARCHAR(100) NOT NULL DEFAULT '',
  online BOOLEAN NOT NULL DEFAULT FALSE,
  room VARCHAR(300) NOT NULL DEFAULT '',
  PRIMARY KEY (activity_id, session_id),
  KEY ix_sessions_location (location_id, activity_id),
  KEY ix_sessions_city (city, activity_id),
  KEY ix_sessions_start (start_time, activity_id),
  CONSTRAINT fk_sessions_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE activity_themes (
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  theme VARCHAR(63) NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (activity_id, theme),
  KEY ix_themes_theme (theme, activity_id),
  CONSTRAINT fk_themes_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per person and activity; a re-enrolment after cancelling reuses it with a
-- new arrival number. state: 1 pending approval, 2 waitlisted, 3 enrolled,
-- 4 cancelled, 5 declined (Enrolment.State).
CREATE TABLE enrolments (
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state TINYINT NOT NULL,
  arrival BIGINT NOT NULL,
  display_name VARCHAR(200) NOT NULL DEFAULT '',
  organisations VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  enrolled_by VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  promoted BOOLEAN NOT NULL DEFAULT FALSE,
  completed BOOLEAN NOT NULL DEFAULT FALSE,
  completion_time DATETIME(6) NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  request_time DATETIME(6) NOT NULL,
  state_time DATETIME(6) NOT NULL,
  PRIMARY KEY (activity_id, person_id),
  UNIQUE KEY uk_enrolments_arrival (activity_id, arrival),
  KEY ix_enrolments_queue (activity_id, state, arrival),
  KEY ix_enrolments_person (person_id, activity_id),
  CONSTRAINT fk_enrolments_activity FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Locks one person's enrolments in one series (owner + series id), so that the
-- per-person cap holds when the same person enrols in two activities at once.
CREATE TABLE series_participants (
  owner VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  series_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (owner, series_id, person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE attendance (
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  session_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  attended BOOLEAN NOT NULL,
  marked_by VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  mark_time DATETIME(6) NOT NULL,
  PRIMARY KEY (activity_id, person_id, session_id),
  KEY ix_attendance_session (activity_id, session_id),
  CONSTRAINT fk_attendance_session FOREIGN KEY (activity_id, session_id)
    REFERENCES activity_sessions (activity_id, session_id),
  CONSTRAINT fk_attendance_enrolment FOREIGN KEY (activity_id, person_id)
    REFERENCES enrolments (activity_id, person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Completed activities with the hours credited: a snapshot, so the record outlives
-- changes to (or the deletion of) the activity.
CREATE TABLE development_records (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title VARCHAR(200) NOT NULL,
  kind TINYINT NOT NULL,
  owner VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  hours_centis INT NOT NULL,
  completion_time DATETIME(6) NOT NULL,
  organisations VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (person_id, activity_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE feedback (
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  score TINYINT NOT NULL,
  comment TEXT NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (activity_id, person_id),
  CONSTRAINT ck_feedback_score CHECK (score BETWEEN 1 AND 5),
  CONSTRAINT fk_feedback_enrolment FOREIGN KEY (activity_id, person_id)
    REFERENCES enrolments (activity_id, person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The event log (outbox). Sequence numbers are handed out under the row lock of
-- enrolment_event_sequence, taken last in each transaction, so they commit in order
-- and a reader following `after_sequence` never skips an event that commits late.
CREATE TABLE enrolment_events (
  seq BIGINT NOT NULL,
  activity_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  previous_state TINYINT NOT NULL,
  state TINYINT NOT NULL,
  waitlist_position INT NOT NULL DEFAULT 0,
  enrolled_count INT NOT NULL,
  waitlisted_count INT NOT NULL,
  actor VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  event_time DATETIME(6) NOT NULL,
  PRIMARY KEY (seq),
  KEY ix_events_activity (activity_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE enrolment_event_sequence (
  id TINYINT NOT NULL,
  next_seq BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO enrolment_event_sequence (id, next_seq) VALUES (1, 1);
