-- 1. The school's visiting address, website and logo, copied from the Partners
--    directory with the rest of directory_organisations at write time (NULL when the
--    directory has none); vacancy postings show them.
ALTER TABLE directory_organisations
  ADD COLUMN street_address VARCHAR(200) NULL AFTER city,
  ADD COLUMN postal_code VARCHAR(7) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER street_address,
  ADD COLUMN website VARCHAR(500) NULL AFTER postal_code,
  ADD COLUMN logo_url VARCHAR(500) NULL AFTER website;

-- 2. Salary scales of the collective agreements (CAO's) as data: the gross monthly
--    salary in euros at the bottom and top of each scale for a full-time job, from
--    `valid_from` until the next row of the same agreement and scale. A vacancy's
--    `salary_scale` must name a scale here (of its sector's agreement); its JSON-LD
--    baseSalary is the row valid on its publication date.
--
--    The amounts are indicative, rounded figures for 2025 and 2026. They MUST be
--    checked against the published salary tables each year (CAO VO: VO-raad/vakbonden;
--    CAO PO: PO-Raad; CAO MBO: MBO Raad) and corrected by a NEW migration adding rows
--    with the new valid_from (migrations are never edited after they land).
CREATE TABLE salary_scales (
  agreement VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scale VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  valid_from DATE NOT NULL,
  min_monthly_eur INT NOT NULL,
  max_monthly_eur INT NOT NULL,
  PRIMARY KEY (agreement, scale, valid_from),
  KEY ix_salary_scales_scale (scale, valid_from),
  CONSTRAINT ck_salary_scales_range CHECK (min_monthly_eur > 0 AND max_monthly_eur >= min_monthly_eur)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO salary_scales (agreement, scale, valid_from, min_monthly_eur, max_monthly_eur) VALUES
  ('CAO VO', 'LB', '2025-01-01', 3410, 5275),
  ('CAO VO', 'LC', '2025-01-01', 3450, 5970),
  ('CAO VO', 'LD', '2025-01-01', 3500, 6825),
  ('CAO VO', 'LE', '2025-01-01', 3830, 7340),
  ('CAO VO', 'LB', '2026-01-01', 3520, 5445),
  ('CAO VO', 'LC', '2026-01-01', 3560, 6160),
  ('CAO VO', 'LD', '2026-01-01', 3610, 7045),
  ('CAO VO', 'LE', '2026-01-01', 3955, 7575),
  ('CAO PO', 'L10', '2025-01-01', 3315, 5345),
  ('CAO PO', 'L11', '2025-01-01', 3415, 6060),
  ('CAO PO', 'L12', '2025-01-01', 3625, 6995),
  ('CAO PO', 'L10', '2026-01-01', 3420, 5515),
  ('CAO PO', 'L11', '2026-01-01', 3525, 6255),
  ('CAO PO', 'L12', '2026-01-01', 3740, 7220),
  ('CAO MBO', 'LB', '2025-01-01', 3330, 5330),
  ('CAO MBO', 'LC', '2025-01-01', 3445, 6025),
  ('CAO MBO', 'LD', '2025-01-01', 3630, 6880),
  ('CAO MBO', 'LB', '2026-01-01', 3435, 5500),
  ('CAO MBO', 'LC', '2026-01-01', 3555, 6220),
  ('CAO MBO', 'LD', '2026-01-01', 3745, 7100);
