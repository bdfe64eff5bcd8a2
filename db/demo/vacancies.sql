-- Demo data for the Vacancies service: published vacancies at demo schools, some in
-- shortage subjects, some at direct-hire partnerships (ROWF, AONHW), one draft and one
-- closed, with the directory facts the service copies from the Partners API (the
-- schools' name, city, board, memberships and their partnerships' regions: as in
-- db/demo/partners.sql).
-- Re-runnable: rows that exist are left alone.
-- Loaded by scripts/run (and e2e tests) with: mariadb samen_vacancies < db/demo/vacancies.sql
SET @now = UTC_TIMESTAMP(6);
-- Closing dates lie 30 and 60 days ahead; expire_time is the end of that day in
-- Europe/Amsterdam (CET/CEST worked out here, as MariaDB may lack zone data).
SET @c1 = CURRENT_DATE + INTERVAL 30 DAY;
SET @d = @c1 + INTERVAL 1 DAY;
SET @mar = DATE(CONCAT(YEAR(@d), '-03-31')); SET @mar = @mar - INTERVAL (DAYOFWEEK(@mar) - 1) DAY;
SET @oct = DATE(CONCAT(YEAR(@d), '-10-31')); SET @oct = @oct - INTERVAL (DAYOFWEEK(@oct) - 1) DAY;
SET @e1 = TIMESTAMP(@d) - INTERVAL IF(@d > @mar AND @d <= @oct, 2, 1) HOUR;
SET @c2 = CURRENT_DATE + INTERVAL 60 DAY;
SET @d = @c2 + INTERVAL 1 DAY;
SET @mar = DATE(CONCAT(YEAR(@d), '-03-31')); SET @mar = @mar - INTERVAL (DAYOFWEEK(@mar) - 1) DAY;
SET @oct = DATE(CONCAT(YEAR(@d), '-10-31')); SET @oct = @oct - INTERVAL (DAYOFWEEK(@oct) - 1) DAY;
SET @e2 = TIMESTAMP(@d) - INTERVAL IF(@d > @mar AND @d <= @oct, 2, 1) HOUR;
SET @start = CURRENT_DATE + INTERVAL 90 DAY;
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('almere-college-dronten', 'Almere College Dronten', 'Dronten', 2, 2, 'stichting-almere-college', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('almere-college-dronten', 'osof', 'Flevoland', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('svol-lyceum', 'SVOL Porteum Lyceum', 'Lelystad', 2, 2, 'svol', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('svol-lyceum', 'osof', 'Flevoland', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('svol-vmbo', 'SVOL Porteum Vmbo', 'Lelystad', 2, 2, 'svol', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('svol-vmbo', 'osof', 'Flevoland', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('rowf-hoorn', 'ROWF-school Hoorn (demo)', 'Hoorn', 2, 2, 'westfriesland-scholen', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('rowf-hoorn', 'rowf', 'West-Friesland', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('aonhw-alkmaar', 'AONHW-school Alkmaar (demo)', 'Alkmaar', 2, 2, NULL, @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('aonhw-alkmaar', 'aonhw', 'Noord-Holland West', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('rijnmond-vo-schiedam', 'Rijnmond VO-school Schiedam (demo)', 'Schiedam', 2, 2, 'rijnmond-scholengroep', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('rijnmond-vo-schiedam', 'rpo-rijnmond', 'Rotterdam-Rijnmond', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('academie-tien', 'Academie Tien', 'Utrecht', 2, 2, 'nuovo', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('academie-tien', 'opleidingshuis', 'Utrecht', NULL);
INSERT IGNORE INTO directory_organisations (id, display_name, city, type, sector, board_id, copy_time) VALUES ('carmel-almelo-lyceum', 'Carmel Almelo Lyceum (demo)', 'Almelo', 2, 2, 'carmel', @now);
INSERT IGNORE INTO directory_memberships (organisation_id, partnership_id, region, end_date) VALUES ('carmel-almelo-lyceum', 'partnerschap-2', 'Twente', NULL);
INSERT IGNORE INTO shortage_subject_lists (region, subjects, version, update_time) VALUES ('Flevoland', 'physics,dutch,technology,mathematics', 1, @now);
INSERT IGNORE INTO shortage_subject_lists (region, subjects, version, update_time) VALUES ('West-Friesland', 'mathematics,physics,dutch', 1, @now);
INSERT IGNORE INTO shortage_subject_lists (region, subjects, version, update_time) VALUES ('Noord-Holland West', 'physics,technology,german', 1, @now);
INSERT IGNORE INTO shortage_subject_lists (region, subjects, version, update_time) VALUES ('Rotterdam-Rijnmond', 'mathematics,dutch,physics', 1, @now);
INSERT IGNORE INTO hiring_agreements (partnership_id, direct_hire, note, version, update_time) VALUES ('rowf', TRUE, 'ROWF: wie bij ons is opgeleid, kan zonder sollicitatieprocedure bij een partnerschool in dienst (demo)', 1, @now);
INSERT IGNORE INTO hiring_agreements (partnership_id, direct_hire, note, version, update_time) VALUES ('aonhw', TRUE, 'AONHW: directe benoembaarheid van eigen opgeleide leraren (demo)', 1, @now);
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('natuurkunde-dronten', 'almere-college-dronten', 'Docent natuurkunde (eerstegraads)', 'physics', 1, 2, 80, 2, 'LD', 4200, 6300, @start, @c1, @e1, 'Voor onze bovenbouw havo/vwo zoeken wij een enthousiaste docent natuurkunde.\nJe werkt in een sectie van vijf collega''s en krijgt een coach.', 1, 'Stuur je motivatie en cv naar vacatures@almerecollege.example (demo).', 'https://werkenbij.almerecollege.example/natuurkunde-dronten', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('natuurkunde-dronten', 'physics');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('nederlands-lelystad', 'svol-lyceum', 'Docent Nederlands', 'dutch', 1, 2, 100, 1, 'LC', 3900, 5800, @start, @c2, @e2, '<p>Het Porteum Lyceum zoekt een docent Nederlands voor <strong>havo en vwo</strong>.</p><ul><li>Vaste aanstelling</li><li>Begeleiding voor starters</li></ul>', 2, 'Solliciteer via de website van SVOL (demo).', 'https://werkenbij.svol.example/nederlands', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('nederlands-lelystad', 'dutch');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('techniek-lelystad', 'svol-vmbo', 'Docent techniek (tweedegraads)', 'technology', 2, 2, 60, 2, 'LB', 3500, 5000, @start, @c1, @e1, 'Geef praktijkgerichte technieklessen in het vmbo. Zij-instromers welkom.', 1, 'Bel of mail de teamleider techniek van Porteum Vmbo (demo).', '', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('techniek-lelystad', 'technology');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('wiskunde-hoorn', 'rowf-hoorn', 'Docent wiskunde (tweedegraads)', 'mathematics', 2, 2, 80, 2, 'LB', 3500, 5000, @start, @c2, @e2, 'Wiskunde in de onderbouw en vmbo-t. Opgeleid binnen ROWF? Dan kun je direct in dienst.', 1, 'Mail de schoolleiding van de ROWF-school Hoorn (demo).', '', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('wiskunde-hoorn', 'mathematics');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('engels-alkmaar', 'aonhw-alkmaar', 'Docent Engels (eerstegraads)', 'english', 1, 2, 100, 1, 'LD', 4200, 6300, @start, @c1, @e1, 'Engels in de bovenbouw vwo, met ruimte voor onderzoek binnen de academische opleidingsschool.', 1, 'Mail je brief naar de AONHW-school Alkmaar (demo).', '', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('engels-alkmaar', 'english');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('scheikunde-schiedam', 'rijnmond-vo-schiedam', 'Docent scheikunde', 'chemistry', 2, 2, 60, 3, 'LB', 3500, 5000, @start, @c1, @e1, 'Vervanging wegens verlof, met kans op verlenging.', 1, 'Mail de Rijnmond VO-school Schiedam (demo).', '', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('scheikunde-schiedam', 'chemistry');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('biologie-utrecht', 'academie-tien', 'Docent biologie', 'biology', 1, 2, 70, 2, 'LC', 3900, 5800, @start, @c2, @e2, 'Biologie in een kleinschalige school in Utrecht.', 1, 'Solliciteer bij Academie Tien (demo).', '', 2, @now, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('biologie-utrecht', 'biology');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('geschiedenis-dronten', 'almere-college-dronten', 'Docent geschiedenis (concept)', 'history', 2, 2, 60, 2, 'LB', 0, 0, @start, @c2, @e2, 'Nog in bewerking.', 1, '', '', 1, NULL, NULL, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('geschiedenis-dronten', 'history');
INSERT IGNORE INTO vacancies (id, school_id, title, subjects, degree, sector, fte_centis, contract_type, salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, description, description_format, how_to_apply, application_url, status, publish_time, close_time, version, create_time, update_time) VALUES ('duits-almelo', 'carmel-almelo-lyceum', 'Docent Duits', 'german', 1, 2, 80, 2, 'LC', 3900, 5800, @start, @c1, @e1, 'Deze vacature is vervuld.', 1, '', '', 3, @now, @now, 1, @now, @now);
INSERT IGNORE INTO vacancy_subjects (vacancy_id, subject) VALUES ('duits-almelo', 'german');

-- The same facts as db/demo/partners.sql gives the demo schools (fictional), as the
-- copy holds them until a vacancy write copies them again.
UPDATE directory_organisations SET street_address = 'Leerpad 12', postal_code = '8251 DL', website = 'https://www.almerecollege.example', logo_url = 'https://www.almerecollege.example/logo.png' WHERE id = 'almere-college-dronten' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Porteumlaan 3', postal_code = '8232 RB', website = 'https://lyceum.svol.example', logo_url = 'https://lyceum.svol.example/logo.svg' WHERE id = 'svol-lyceum' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Porteumlaan 5', postal_code = '8232 RB', website = 'https://vmbo.svol.example', logo_url = NULL WHERE id = 'svol-vmbo' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Opleidingsweg 8', postal_code = '1624 NP', website = 'https://hoorn.rowf-school.example', logo_url = NULL WHERE id = 'rowf-hoorn' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Academiestraat 21', postal_code = '1815 KT', website = NULL, logo_url = NULL WHERE id = 'aonhw-alkmaar' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Havenkade 40', postal_code = '3111 BE', website = 'https://schiedam.rijnmondvo.example', logo_url = 'https://schiedam.rijnmondvo.example/logo.png' WHERE id = 'rijnmond-vo-schiedam' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Tiendplein 10', postal_code = '3512 AB', website = 'https://www.academietien.example', logo_url = NULL WHERE id = 'academie-tien' AND street_address IS NULL;
UPDATE directory_organisations SET street_address = 'Lyceumpad 2', postal_code = '7607 HK', website = 'https://almelo.carmel.example', logo_url = NULL WHERE id = 'carmel-almelo-lyceum' AND street_address IS NULL;
