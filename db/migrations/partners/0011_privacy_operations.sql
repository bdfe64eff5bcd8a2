-- A person's export and erasure across every service (docs/privacy.md): the
-- operation (AIP-151), one step per service, written in the same transaction
-- as the operation (the outbox, DESIGN decision 9) and worked off by any
-- replica's privacy worker (FOR UPDATE SKIP LOCKED, a lease per call), and
-- the finished export's archive.
--
-- kind: 1 export, 2 erase. state: 1 running, 2 succeeded, 3 failed.
-- Step state: 1 waiting (for the other steps), 2 pending, 3 done, 4 failed,
-- 5 cancelled. A step is due when pending and next_attempt_time has come; a
-- worker claiming it sets lease_token and moves next_attempt_time past the
-- call's deadline, so a worker that dies leaves it to the next one.

CREATE TABLE privacy_operations (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  requested_by VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  request_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  reason VARCHAR(500) NULL,
  pseudonym VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  state TINYINT NOT NULL,
  error_code INT NULL,
  error_message VARCHAR(1000) NULL,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_privacy_operations_request (requested_by, kind, request_id),
  KEY ix_privacy_operations_person (person_id, create_time, id),
  CONSTRAINT ck_privacy_operations_kind CHECK (kind IN (1, 2)),
  CONSTRAINT ck_privacy_operations_state CHECK (state IN (1, 2, 3))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE privacy_operation_steps (
  operation_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  service VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position INT NOT NULL,
  state TINYINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_time DATETIME(6) NOT NULL,
  lease_token CHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
  last_error VARCHAR(1000) NULL,
  result LONGBLOB NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (operation_id, service),
  KEY ix_privacy_steps_due (state, next_attempt_time),
  CONSTRAINT ck_privacy_steps_state CHECK (state BETWEEN 1 AND 5),
  CONSTRAINT fk_privacy_steps_operation FOREIGN KEY (operation_id)
    REFERENCES privacy_operations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE privacy_archives (
  operation_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  content LONGBLOB NOT NULL,
  sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  size_bytes BIGINT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  expire_time DATETIME(6) NOT NULL,
  PRIMARY KEY (operation_id),
  KEY ix_privacy_archives_expire (expire_time),
  CONSTRAINT fk_privacy_archives_operation FOREIGN KEY (operation_id)
    REFERENCES privacy_operations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
