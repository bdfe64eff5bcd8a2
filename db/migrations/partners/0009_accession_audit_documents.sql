-- Joining a partnership, continued (docs/joining.md): who sits on an
-- application's audit committee, and the application's documents.
--
-- accession_committee_members mirrors the committee in the application's
-- body (rewritten with it, in the same transaction, by `:planAudit`) so that
-- a committee member's ListApplications is one indexed query.
--
-- Documents: the metadata in accession_documents, the bytes in
-- accession_document_bytes (a LONGBLOB, one row per version), so listing
-- never touches the blobs. docs/architecture.md says why the bytes live in
-- MySQL. A new version of a kind is MAX(version) + 1 read under the
-- application's row lock; the primary key refuses a duplicate anyway.

CREATE TABLE accession_committee_members (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  application_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (partnership_id, application_id, person_id),
  KEY ix_accession_committee_person (person_id, partnership_id, application_id),
  CONSTRAINT fk_accession_committee_application FOREIGN KEY (partnership_id, application_id)
    REFERENCES accession_applications (partnership_id, application_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE accession_documents (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  application_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  version INT NOT NULL,
  step_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  content_type VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  page_count INT NOT NULL,
  uploaded_by VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (partnership_id, application_id, kind, version),
  CONSTRAINT ck_accession_documents_version CHECK (version >= 1),
  CONSTRAINT fk_accession_documents_application FOREIGN KEY (partnership_id, application_id)
    REFERENCES accession_applications (partnership_id, application_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE accession_document_bytes (
  partnership_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  application_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  version INT NOT NULL,
  data LONGBLOB NOT NULL,
  PRIMARY KEY (partnership_id, application_id, kind, version),
  CONSTRAINT fk_accession_document_bytes_document FOREIGN KEY (partnership_id, application_id, kind, version)
    REFERENCES accession_documents (partnership_id, application_id, kind, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
