-- The Vacancies service's own database (samen_vacancies): vacancies at partner schools,
-- the feed of their public changes, shortage subjects per region, hiring agreements per
-- partnership and vacancy profiles (docs/vacancies.md). The same tables as
-- partners/0002_vacancies.sql had, without foreign keys into the Partners directory
-- (another service's database), plus the directory facts the service shows and filters
-- by, copied through the Partners API (directory_organisations, directory_memberships;
-- docs/architecture.md, decision 3). Times are UTC; closing dates are Europe/Amsterdam
-- calendar dates and expire_time is the end of that day.

-- A school with vacancies as the Partners directory described it at copy_time: its name,
-- city, type, sector and board. Copied again, with its memberships, whenever an
-- authenticated caller creates, changes or deletes one of its vacancies.
CREATE TABLE directory_organisations (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  city VARCHAR(100) NOT NULL DEFAULT '',
  type TINYINT NOT NULL,
  sector TINYINT NOT NULL DEFAULT 0,
  board_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  copy_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_directory_organisations_board (board_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The partnerships such a school is a member of, with the partnership's region and the
-- membership's end date (memberships that had ended at copy time are not copied; one
-- that ends later stops counting on its end date, as in the directory).
CREATE TABLE directory_memberships (
  organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  region VARCHAR(100) NOT NULL,
  end_date DATE NULL,
  PRIMARY KEY (organisation_id, partnership_id),
  KEY ix_directory_memberships_partnership (partnership_id, organisation_id),
  KEY ix_directory_memberships_region (region, organisation_id),
  CONSTRAINT fk_directory_memberships_organisation FOREIGN KEY (organisation_id)
    REFERENCES directory_organisations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE vacancies (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  school_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title VARCHAR(200) NOT NULL,
  subjects VARCHAR(700) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  degree TINYINT NOT NULL DEFAULT 0,
  sector TINYINT NOT NULL DEFAULT 0,
  fte_centis SMALLINT NOT NULL DEFAULT 0,
  contract_type TINYINT NOT NULL DEFAULT 0,
  salary_scale VARCHAR(20) NOT NULL DEFAULT '',
  salary_min_eur INT NOT NULL DEFAULT 0,
  salary_max_eur INT NOT NULL DEFAULT 0,
  start_date DATE NULL,
  closing_date DATE NULL,
  expire_time DATETIME(6) NULL,
  description MEDIUMTEXT NOT NULL,
  description_format TINYINT NOT NULL DEFAULT 0,
  how_to_apply VARCHAR(2000) NOT NULL DEFAULT '',
  application_url VARCHAR(500) NOT NULL DEFAULT '',
  status TINYINT NOT NULL,
  publish_time DATETIME(6) NULL,
  close_time DATETIME(6) NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_vacancies_school (school_id, id),
  KEY ix_vacancies_status (status, id),
  KEY ix_vacancies_expiry (status, expire_time),
  CONSTRAINT fk_vacancies_school FOREIGN KEY (school_id)
    REFERENCES directory_organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per subject of a vacancy, for matching ("for me", the subject filter).
CREATE TABLE vacancy_subjects (
  vacancy_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (vacancy_id, subject),
  KEY ix_vacancy_subjects_subject (subject, vacancy_id),
  CONSTRAINT fk_vacancy_subjects_vacancy FOREIGN KEY (vacancy_id)
    REFERENCES vacancies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The feed: one row per change to what the public sees (publish, update while
-- published, close, fill, expiry). Sequence numbers are handed out under the row lock
-- of vacancy_feed_state, so they commit in order and a reader never skips one that
-- commits late. Rows older than the retention window are pruned; pruned_through is the
-- highest sequence pruned, and a sync token below it is expired.
CREATE TABLE vacancy_changes (
  seq BIGINT NOT NULL,
  vacancy_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  change_time DATETIME(6) NOT NULL,
  PRIMARY KEY (seq),
  KEY ix_vacancy_changes_time (change_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE vacancy_feed_state (
  id TINYINT NOT NULL,
  last_seq BIGINT NOT NULL,
  pruned_through BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO vacancy_feed_state (id, last_seq, pruned_through) VALUES (1, 0, 0);

-- Shortage subjects per region; `region` is the partnerships' region text.
CREATE TABLE shortage_subject_lists (
  region VARCHAR(100) NOT NULL,
  subjects VARCHAR(2000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (region)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE hiring_agreements (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  direct_hire BOOLEAN NOT NULL DEFAULT FALSE,
  note VARCHAR(500) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- What "for me" matches; regions joined with '|'.
CREATE TABLE vacancy_profiles (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subjects VARCHAR(700) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  degree TINYINT NOT NULL DEFAULT 0,
  regions VARCHAR(1000) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
