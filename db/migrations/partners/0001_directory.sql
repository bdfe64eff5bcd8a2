-- Partners: partnerships, their clusters, organisations, memberships and people.
-- Identifiers are ASCII slugs compared byte-wise; names are utf8mb4 and compared with
-- utf8mb4_unicode_520_ci (available on MariaDB 10.11 and MySQL 8, handles emoji).
-- Times are UTC. `version` drives etags and optimistic concurrency.

CREATE TABLE partnerships (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  region VARCHAR(100) NOT NULL,
  status TINYINT NOT NULL,
  academic BOOLEAN NOT NULL DEFAULT FALSE,
  founding_year SMALLINT NOT NULL DEFAULT 0,
  accreditation_year SMALLINT NOT NULL DEFAULT 0,
  sectors VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_partnerships_display_name (display_name),
  KEY ix_partnerships_region (region, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE partnership_clusters (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  cluster_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (partnership_id, cluster_id),
  CONSTRAINT fk_clusters_partnership FOREIGN KEY (partnership_id)
    REFERENCES partnerships (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE organisations (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  type TINYINT NOT NULL,
  sector TINYINT NOT NULL DEFAULT 0,
  board_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  city VARCHAR(100) NOT NULL DEFAULT '',
  institute_kind TINYINT NOT NULL DEFAULT 0,
  website VARCHAR(500) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_organisations_display_name (display_name),
  KEY ix_organisations_board (board_id, id),
  KEY ix_organisations_city (city, id),
  CONSTRAINT fk_organisations_board FOREIGN KEY (board_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE memberships (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role TINYINT NOT NULL,
  start_date DATE NOT NULL,
  end_date DATE NULL,
  cluster_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, organisation_id),
  KEY ix_memberships_organisation (organisation_id, partnership_id),
  CONSTRAINT fk_memberships_partnership FOREIGN KEY (partnership_id) REFERENCES partnerships (id),
  CONSTRAINT fk_memberships_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_memberships_cluster FOREIGN KEY (partnership_id, cluster_id)
    REFERENCES partnership_clusters (partnership_id, cluster_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE people (
  id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE affiliations (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisation_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  roles VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (person_id, organisation_id),
  KEY ix_affiliations_organisation (organisation_id, person_id),
  CONSTRAINT fk_affiliations_person FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
  CONSTRAINT fk_affiliations_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
