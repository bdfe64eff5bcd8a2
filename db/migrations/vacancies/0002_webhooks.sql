-- The Vacancies service's webhooks (the same tables as partners/0003_webhooks.sql).
-- Webhooks (Standard Webhooks): endpoints registered by integration clients, the
-- transactional outbox (one event per vacancy change, one delivery per subscribed
-- endpoint, written in the transaction of the change) and the delivery log.

CREATE TABLE webhook_endpoints (
  id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  owner VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  url VARCHAR(2000) NOT NULL,
  event_types VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  description VARCHAR(500) NOT NULL DEFAULT '',
  -- "enc1:" + base64(nonce | AES-256-GCM ciphertext | tag) when a key is configured,
  -- "plain:" + the secret otherwise (development). Never returned by the API.
  secret VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state TINYINT NOT NULL,
  disabled_reason VARCHAR(300) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_webhook_endpoints_owner (owner, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The outbox: what happened, with the exact body every delivery sends.
CREATE TABLE webhook_events (
  id VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  payload TEXT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_webhook_events_time (create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per event and endpoint. A worker claims due rows with SELECT ... FOR UPDATE
-- SKIP LOCKED and moves next_attempt_time past its lease before sending, so no two
-- replicas send the same delivery at once; lease_token guards the result write.
CREATE TABLE webhook_deliveries (
  id BIGINT NOT NULL AUTO_INCREMENT,
  event_id VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  endpoint_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- 1 pending, 2 delivered, 3 failed (attempts exhausted), 4 cancelled
  state TINYINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_time DATETIME(6) NOT NULL,
  lease_token VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  create_time DATETIME(6) NOT NULL,
  finish_time DATETIME(6) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_webhook_deliveries_event_endpoint (event_id, endpoint_id),
  KEY ix_webhook_deliveries_due (state, next_attempt_time),
  KEY ix_webhook_deliveries_endpoint (endpoint_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The delivery log the endpoint's owner reads.
CREATE TABLE webhook_attempts (
  id BIGINT NOT NULL AUTO_INCREMENT,
  delivery_id BIGINT NOT NULL,
  endpoint_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  event_id VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  event_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  attempt INT NOT NULL,
  attempt_time DATETIME(6) NOT NULL,
  duration_ms INT NOT NULL,
  http_status INT NOT NULL,
  error VARCHAR(300) NOT NULL DEFAULT '',
  outcome TINYINT NOT NULL,
  next_attempt_time DATETIME(6) NULL,
  PRIMARY KEY (id),
  KEY ix_webhook_attempts_endpoint (endpoint_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
