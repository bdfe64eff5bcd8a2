-- Role grants: the roles a person holds, in which scope and from when to when, as
-- Samen's token issuer puts them into access tokens (docs/architecture.md, decision 6).
-- `scope` is '' for the unscoped roles (admin, service, integration), else a resource
-- name: 'partnerships/{id}' or 'organisations/{id}'. `end_date` is the last day the
-- grant holds (inclusive); NULL while it lasts. Dates are calendar days in
-- Europe/Amsterdam. The primary key (person_id, id) is also the index on person_id.

CREATE TABLE role_grants (
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scope VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  start_date DATE NOT NULL,
  end_date DATE NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  PRIMARY KEY (person_id, id),
  KEY ix_role_grants_scope (scope, person_id, id),
  CONSTRAINT fk_role_grants_person FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Append-only history of every change to a grant, written in the same transaction as
-- the change: who (the actor's token subject), when, what. Rows are never updated or
-- deleted, and outlive the grant and the person (no foreign key).
CREATE TABLE role_grant_changes (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role_grant_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  action VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  actor VARCHAR(255) NOT NULL,
  change_time DATETIME(6) NOT NULL,
  role VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scope VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  start_date_before DATE NULL,
  end_date_before DATE NULL,
  start_date_after DATE NULL,
  end_date_after DATE NULL,
  PRIMARY KEY (seq),
  KEY ix_role_grant_changes_person (person_id, seq),
  KEY ix_role_grant_changes_scope (scope, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Sign-in looks people up by e-mail address.
CREATE INDEX ix_people_email ON people (email);
