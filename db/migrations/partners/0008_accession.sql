-- Joining a partnership (docs/joining.md): accession protocols as data, and the
-- applications that follow them. A protocol's steps and an application's steps
-- with their progress and decisions are stored as the API's JSON in `body`
-- (read and written whole by the repository, under the row lock); the columns
-- beside it are what queries and constraints need.
--
-- One open application per organisation and partnership: `open_organisation_id`
-- holds the organisation id while the application is open and NULL once it is
-- closed, and a UNIQUE key over it admits any number of NULLs (MariaDB and
-- MySQL 8 alike), so two concurrent creates cannot both succeed.

CREATE TABLE accession_protocols (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  protocol_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  protocol_version INT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, protocol_id),
  CONSTRAINT ck_accession_protocols_version CHECK (protocol_version >= 1),
  CONSTRAINT fk_accession_protocols_partnership FOREIGN KEY (partnership_id) REFERENCES partnerships (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE accession_applications (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  application_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  open_organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  protocol_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state TINYINT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, application_id),
  UNIQUE KEY uq_accession_applications_open (partnership_id, open_organisation_id),
  KEY ix_accession_applications_organisation (organisation_id, partnership_id),
  CONSTRAINT ck_accession_applications_open CHECK (open_organisation_id IS NULL OR open_organisation_id = organisation_id),
  CONSTRAINT fk_accession_applications_partnership FOREIGN KEY (partnership_id) REFERENCES partnerships (id),
  CONSTRAINT fk_accession_applications_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_accession_applications_protocol FOREIGN KEY (partnership_id, protocol_id) REFERENCES accession_protocols (partnership_id, protocol_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- What the applications did to memberships, append-only: the membership row
-- holds only the current role, this keeps how it got there.
CREATE TABLE membership_changes (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role_before TINYINT NULL,
  role_after TINYINT NOT NULL,
  end_date_after DATE NULL,
  actor VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  cause VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  change_time DATETIME(6) NOT NULL,
  PRIMARY KEY (seq),
  KEY ix_membership_changes_member (partnership_id, organisation_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
