-- Students, the yearly placement round and funding regulations
-- (docs/placements.md). As in 0008, each resource's details are the API's
-- JSON in `body`, read and written whole by the repository under the row
-- lock; the columns beside it are what queries, keys and constraints need.
--
-- One student record per person (uq_students_person); one round per
-- partnership and school year (uq_placement_rounds_year); one placement per
-- student and school year in the history (the primary key of
-- student_placements), so that publishing a round twice, or two coordinators
-- publishing at once, cannot write a student's year twice.

CREATE TABLE students (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  institute_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  category TINYINT NOT NULL,
  programme_year TINYINT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_students_person (person_id),
  KEY ix_students_partnership (partnership_id, id),
  KEY ix_students_institute (institute_id, id),
  CONSTRAINT ck_students_year CHECK (programme_year BETWEEN 1 AND 6),
  CONSTRAINT ck_students_category CHECK (category BETWEEN 1 AND 7),
  CONSTRAINT fk_students_person FOREIGN KEY (person_id) REFERENCES people (id),
  CONSTRAINT fk_students_partnership FOREIGN KEY (partnership_id) REFERENCES partnerships (id),
  CONSTRAINT fk_students_institute FOREIGN KEY (institute_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A student's placement history: entered with the student, or written by
-- publishing a round (round_id set).
CREATE TABLE student_placements (
  student_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  school_year CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  school_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  round_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  PRIMARY KEY (student_id, school_year),
  KEY ix_student_placements_school (school_id, student_id),
  CONSTRAINT fk_student_placements_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE,
  CONSTRAINT fk_student_placements_school FOREIGN KEY (school_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A round: capacities, rules and the last proposal's summary in `body`.
CREATE TABLE placement_rounds (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  round_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  school_year CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state TINYINT NOT NULL,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  publish_time DATETIME(6) NULL,
  PRIMARY KEY (partnership_id, round_id),
  UNIQUE KEY uq_placement_rounds_year (partnership_id, school_year),
  CONSTRAINT ck_placement_rounds_state CHECK (state IN (1, 2)),
  CONSTRAINT fk_placement_rounds_partnership FOREIGN KEY (partnership_id) REFERENCES partnerships (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A student's wishes for a round: choices, learning question, duo partner.
CREATE TABLE placement_preferences (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  round_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  student_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, round_id, student_id),
  CONSTRAINT fk_placement_preferences_round FOREIGN KEY (partnership_id, round_id) REFERENCES placement_rounds (partnership_id, round_id),
  CONSTRAINT fk_placement_preferences_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A round's proposed (and, once published, final) placements; `school_id`
-- NULL when the proposal left the student unplaced. Explanations in `body`.
CREATE TABLE placements (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  round_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  student_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  school_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  body MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, round_id, student_id),
  KEY ix_placements_school (school_id),
  CONSTRAINT fk_placements_round FOREIGN KEY (partnership_id, round_id) REFERENCES placement_rounds (partnership_id, round_id),
  CONSTRAINT fk_placements_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE,
  CONSTRAINT fk_placements_school FOREIGN KEY (school_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Funding regulations as data, versioned: a changed regulation is a new row
-- (same `regulation_key`, next `version`, its own `valid_from`), never an
-- edit. Model 1: tiers (funding_tiers) up to `cap_euros`; model 2: an amount
-- per counted student up to `cap_euros`.
CREATE TABLE funding_regulations (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  regulation_key VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  source VARCHAR(1000) NOT NULL,
  valid_from CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  model TINYINT NOT NULL,
  per_student_euros BIGINT NOT NULL DEFAULT 0,
  cap_euros BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_funding_regulations_version (regulation_key, version),
  CONSTRAINT ck_funding_regulations_model CHECK (model IN (1, 2))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE funding_tiers (
  regulation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  min_students INT NOT NULL,
  amount_euros BIGINT NOT NULL,
  PRIMARY KEY (regulation_id, min_students),
  CONSTRAINT fk_funding_tiers_regulation FOREIGN KEY (regulation_id) REFERENCES funding_regulations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The regulations Samen starts with. From the seeds (shared/seeds, the
-- evaluation report's section 4.1 "Bekostiging opleidingsscholen"): funding
-- follows tiers (staffels) on counted students; 300 students is a threshold
-- partnerships aim for; above 380 students a partnership receives the maximum
-- of EUR 500,000 a year; a per-student model ("the funding follows the
-- student") has been announced. The seeds do not give the other tiers'
-- amounts: those rows are placeholders, to be replaced by a new version with
-- the Regeling's published table.
INSERT INTO funding_regulations (id, regulation_key, version, title, source, valid_from, model, per_student_euros, cap_euros) VALUES
  ('tkao-staffel-v1', 'tkao-staffel', 1, 'Tegemoetkoming kosten opleidingsscholen (staffel)',
   'Seeds: evaluation report 4.1 (tiers on counted students; threshold 300; above 380 students the maximum of EUR 500,000 a year). Tiers below 381 other than their order are placeholders, not from the Regeling.',
   '2020-2021', 1, 0, 500000),
  ('tkao-per-student-v1', 'tkao-per-student', 1, 'Tegemoetkoming kosten opleidingsscholen (per student, announced)',
   'Seeds: evaluation report 4.1 ("the funding follows the student"); EUR 1,300 per counted student is a placeholder, capped at the EUR 500,000 maximum.',
   '2027-2028', 2, 1300, 500000);

INSERT INTO funding_tiers (regulation_id, min_students, amount_euros) VALUES
  ('tkao-staffel-v1', 20, 60000),
  ('tkao-staffel-v1', 60, 120000),
  ('tkao-staffel-v1', 100, 180000),
  ('tkao-staffel-v1', 150, 250000),
  ('tkao-staffel-v1', 200, 320000),
  ('tkao-staffel-v1', 250, 380000),
  ('tkao-staffel-v1', 300, 440000),
  ('tkao-staffel-v1', 381, 500000);
