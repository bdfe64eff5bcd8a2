-- An organisation's visiting address (bezoekadres: street and house number, postal
-- code) and logo, as vacancy postings show them (schema.org JobPosting jobLocation and
-- hiringOrganization.logo). NULL when not given; the city stays in `city`.
ALTER TABLE organisations
  ADD COLUMN street_address VARCHAR(200) NULL AFTER website,
  ADD COLUMN postal_code VARCHAR(7) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER street_address,
  ADD COLUMN logo_url VARCHAR(500) NULL AFTER postal_code;
