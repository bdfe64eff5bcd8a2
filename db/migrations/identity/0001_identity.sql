-- The identity service's own database (docs/security.md): web sign-ins in progress,
-- the provider accounts pinned to directory people, web sessions, refresh-token
-- families and machine clients. Secrets are stored only as SHA-256 hashes of
-- 256-bit random values.

-- A web sign-in between BeginSignIn and CompleteSignIn (minutes). One use only.
CREATE TABLE sign_in_attempts (
  state_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  binding_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  provider_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  nonce VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  code_verifier VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  redirect_uri VARCHAR(2000) NOT NULL,
  return_to VARCHAR(2000) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  expire_time DATETIME(6) NOT NULL,
  use_time DATETIME(6) NULL,
  PRIMARY KEY (state_hash),
  KEY ix_sign_in_attempts_expiry (expire_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A provider account (issuer + subject) pinned to a person, after it was matched once
-- by its verified e-mail address.
CREATE TABLE person_identities (
  issuer_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  issuer VARCHAR(2000) NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  matched_email VARCHAR(254) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  last_sign_in_time DATETIME(6) NOT NULL,
  PRIMARY KEY (issuer_hash, subject),
  KEY ix_person_identities_person (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- A web session (the gateway's cookie holds the secret).
CREATE TABLE web_sessions (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  provider_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  id_token TEXT CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  csrf_token CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_agent VARCHAR(300) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  last_seen_time DATETIME(6) NOT NULL,
  expire_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NULL,
  end_reason VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ux_web_sessions_secret (secret_hash),
  KEY ix_web_sessions_person (person_id, end_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One native-app sign-in: its refresh tokens rotate within the family; reusing a
-- used one revokes the whole family.
CREATE TABLE refresh_families (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  client_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  create_time DATETIME(6) NOT NULL,
  expire_time DATETIME(6) NOT NULL,
  revoke_time DATETIME(6) NULL,
  revoke_reason VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  PRIMARY KEY (id),
  KEY ix_refresh_families_person (person_id, revoke_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE refresh_tokens (
  token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  family_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  create_time DATETIME(6) NOT NULL,
  use_time DATETIME(6) NULL,
  PRIMARY KEY (token_hash),
  KEY ix_refresh_tokens_family (family_id),
  CONSTRAINT fk_refresh_tokens_family FOREIGN KEY (family_id) REFERENCES refresh_families (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Machine clients of the client-credentials grant.
CREATE TABLE oauth_clients (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  grants VARCHAR(2000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  previous_secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  previous_secret_expire_time DATETIME(6) NULL,
  create_time DATETIME(6) NOT NULL,
  secret_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
