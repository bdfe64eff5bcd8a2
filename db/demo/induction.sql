-- Demo data for the Induction service: a programme for each demo school with starters,
-- coaches with weekly availability (so the coming weeks have open slots), and starters at
-- different stages: Noor (year 1, on track, a session booked next week), Daan (year 2,
-- a no-show and a late cancellation behind him), Sanne (career changer without a coach
-- yet and no contact for weeks: at risk). People are the fictional ones of
-- db/demo/partners.sql. Dates are relative to the day the file is loaded; times are UTC
-- (08:00Z is 09:00 or 10:00 in Amsterdam, both slot starts of coach Ilse).
-- Re-runnable: rows that exist are left alone.
-- Loaded by scripts/run (and e2e tests) with: mariadb samen_induction < db/demo/induction.sql
SET @now = UTC_TIMESTAMP(6);
SET @today = UTC_DATE();
-- The Tuesday and Thursday at least two days ahead.
SET @to_tue = (3 - DAYOFWEEK(@today) + 7) % 7;
SET @next_tue = @today + INTERVAL (@to_tue + IF(@to_tue < 2, 7, 0)) DAY;
SET @to_thu = (5 - DAYOFWEEK(@today) + 7) % 7;
SET @next_thu = @today + INTERVAL (@to_thu + IF(@to_thu < 2, 7, 0)) DAY;

INSERT IGNORE INTO programmes (id, display_name, owner, duration_years, description, minimum_notice_seconds, booking_horizon_seconds, cancellation_notice_seconds, at_risk_after_weeks, version, create_time, update_time) VALUES
  ('almere-college-begeleiding', 'Begeleiding startende leraren Almere College', 'organisations/almere-college-dronten', 2, 'Twee jaar coaching, lesbezoeken en intervisie; zij-instromers krijgen extra coaching in jaar 1.', 86400, 3628800, 86400, 6, 1, @now, @now),
  ('osof-inductie', 'Inductieprogramma OSOF', 'partnerships/osof', 3, 'Gedeeld programma van de opleidingsschool Oostelijk Flevoland: coaching, scholingspalet en intervisie op campus Porteum.', 86400, 3628800, 172800, 6, 1, @now, @now),
  ('rijnmond-inductie', 'Begeleiding starters RPO Rijnmond', 'partnerships/rpo-rijnmond', 2, 'Maatwerk per type starter; leerarrangementen per cluster.', 172800, 2419200, 86400, 4, 1, @now, @now);

INSERT IGNORE INTO programme_years (programme_id, starter_kind, year, coaching_sessions, lesson_visits, intervision_meetings, learning_arrangements, training_items) VALUES
  ('almere-college-begeleiding', 0, 1, 8, 3, 4, 'Klassenmanagement\nDifferentiëren', 'Themamiddag oudergesprekken'),
  ('almere-college-begeleiding', 0, 2, 4, 2, 4, 'Formatief evalueren', ''),
  ('almere-college-begeleiding', 2, 1, 12, 5, 4, 'Klassenmanagement\nDidactiek voor zij-instromers', 'Skills lab didactisch coachen'),
  ('osof-inductie', 0, 1, 10, 3, 6, 'Startersdag Porteum\nKlassenmanagement', 'Werkplaats onderzoek'),
  ('osof-inductie', 0, 2, 6, 2, 4, 'Taalgericht vakonderwijs', ''),
  ('osof-inductie', 0, 3, 3, 1, 2, 'Loopbaan en ontwikkelgesprek', ''),
  ('rijnmond-inductie', 0, 1, 8, 3, 4, 'Cluster-startersprogramma', ''),
  ('rijnmond-inductie', 0, 2, 4, 2, 2, 'Schoolsafari', ''),
  ('rijnmond-inductie', 2, 1, 14, 6, 4, 'Zij-instroom: didactiek en pedagogiek', 'Skills lab oudergesprekken');

INSERT IGNORE INTO starters (id, display_name, school_id, board_id, programme_id, kind, start_date, subjects, current_year, status, version, create_time, update_time) VALUES
  ('starter-noor', 'Noor Jansen (demo)', 'almere-college-dronten', 'stichting-almere-college', 'almere-college-begeleiding', 1, @today - INTERVAL 120 DAY, 'Nederlands', 1, 1, 1, @now, @now),
  ('starter-daan', 'Daan Visser (demo)', 'svol-havo', 'svol', 'osof-inductie', 1, @today - INTERVAL 430 DAY, 'Wiskunde\nNatuurkunde', 2, 1, 1, @now, @now),
  ('starter-sanne', 'Sanne Mulder (demo) — zij-instromer', 'rijnmond-vo-maassluis', 'rijnmond-scholengroep', 'rijnmond-inductie', 2, @today - INTERVAL 80 DAY, 'Techniek', 1, 1, 1, @now, @now);

INSERT IGNORE INTO starter_coaches (starter_id, coach_id, position) VALUES
  ('starter-noor', 'coach-ilse', 0),
  ('starter-daan', 'coach-bram', 0);

INSERT IGNORE INTO person_locks (person_id) VALUES
  ('starter-noor'), ('starter-daan'), ('starter-sanne'), ('coach-ilse'), ('coach-bram');

INSERT IGNORE INTO coach_availability (coach_id, slot_minutes, buffer_minutes, max_sessions_per_day, location, online_link, version, create_time, update_time) VALUES
  ('coach-ilse', 45, 15, 4, 'Almere College Dronten, kamer B1.12', '', 1, @now, @now),
  ('coach-bram', 50, 10, 3, 'Campus Porteum, coachkamer', 'https://meet.example/coach-bram', 1, @now, @now);

-- Ilse: weekdays 09:00-12:00, Wednesday also 13:00-16:00; Bram: Tuesday and Thursday
-- 13:00-17:00 (Europe/Amsterdam).
INSERT IGNORE INTO availability_windows (coach_id, position, weekday, start_minute, end_minute) VALUES
  ('coach-ilse', 0, 1, 540, 720), ('coach-ilse', 1, 2, 540, 720), ('coach-ilse', 2, 3, 540, 720),
  ('coach-ilse', 3, 4, 540, 720), ('coach-ilse', 4, 5, 540, 720), ('coach-ilse', 5, 3, 780, 960),
  ('coach-bram', 0, 2, 780, 1020), ('coach-bram', 1, 4, 780, 1020);

-- Calendar: kind 1 coaching, 2 lesson visit; state 1 confirmed, 2 cancelled, 3 held, 4 no-show.
INSERT IGNORE INTO calendar_entries (id, kind, coach_id, starter_id, title, start_time, end_time, state, programme_year, late_cancellation, cancel_reason, cancelled_by, location, online_link, ical_uid, sequence, request_id, version, create_time, update_time) VALUES
  ('bdemo-noor-1', 1, 'coach-ilse', 'starter-noor', '', TIMESTAMP(@today - INTERVAL 21 DAY, '08:00:00'), TIMESTAMP(@today - INTERVAL 21 DAY, '08:45:00'), 3, 1, FALSE, '', NULL, 'Almere College Dronten, kamer B1.12', '', 'bdemo-noor-1@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('edemo-noor-visit', 2, 'coach-ilse', 'starter-noor', 'Lesbezoek 2B Nederlands', TIMESTAMP(@today - INTERVAL 14 DAY, '09:00:00'), TIMESTAMP(@today - INTERVAL 14 DAY, '09:50:00'), 3, 1, FALSE, '', NULL, 'Almere College Dronten, lokaal 2.07', '', 'edemo-noor-visit@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('bdemo-noor-2', 1, 'coach-ilse', 'starter-noor', '', TIMESTAMP(@today - INTERVAL 7 DAY, '08:00:00'), TIMESTAMP(@today - INTERVAL 7 DAY, '08:45:00'), 3, 1, FALSE, '', NULL, 'Almere College Dronten, kamer B1.12', '', 'bdemo-noor-2@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('bdemo-noor-3', 1, 'coach-ilse', 'starter-noor', '', TIMESTAMP(@next_tue, '08:00:00'), TIMESTAMP(@next_tue, '08:45:00'), 1, 1, FALSE, '', NULL, 'Almere College Dronten, kamer B1.12', '', 'bdemo-noor-3@induction.samen.dev', 0, NULL, 1, @now, @now),
  ('bdemo-daan-1', 1, 'coach-bram', 'starter-daan', '', TIMESTAMP(@today - INTERVAL 40 DAY, '13:00:00'), TIMESTAMP(@today - INTERVAL 40 DAY, '13:50:00'), 2, 2, TRUE, 'Vergeten', 'starter-daan', 'Campus Porteum, coachkamer', 'https://meet.example/coach-bram', 'bdemo-daan-1@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('bdemo-daan-2', 1, 'coach-bram', 'starter-daan', '', TIMESTAMP(@today - INTERVAL 30 DAY, '13:00:00'), TIMESTAMP(@today - INTERVAL 30 DAY, '13:50:00'), 4, 2, FALSE, '', NULL, 'Campus Porteum, coachkamer', 'https://meet.example/coach-bram', 'bdemo-daan-2@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('bdemo-daan-3', 1, 'coach-bram', 'starter-daan', '', TIMESTAMP(@today - INTERVAL 10 DAY, '13:00:00'), TIMESTAMP(@today - INTERVAL 10 DAY, '13:50:00'), 3, 2, FALSE, '', NULL, 'Campus Porteum, coachkamer', 'https://meet.example/coach-bram', 'bdemo-daan-3@induction.samen.dev', 1, NULL, 2, @now, @now),
  ('bdemo-daan-4', 1, 'coach-bram', 'starter-daan', '', TIMESTAMP(@next_thu, '13:00:00'), TIMESTAMP(@next_thu, '13:50:00'), 1, 2, FALSE, '', NULL, 'Campus Porteum, coachkamer', 'https://meet.example/coach-bram', 'bdemo-daan-4@induction.samen.dev', 0, NULL, 1, @now, @now);

INSERT IGNORE INTO entry_participants (entry_id, person_id, role)
  SELECT id, coach_id, 1 FROM calendar_entries WHERE id LIKE '_demo-%'
  UNION ALL
  SELECT id, starter_id, 2 FROM calendar_entries WHERE id LIKE '_demo-%' AND starter_id IS NOT NULL;

-- Time claims of the active entries: one row per person and 5-minute quantum.
INSERT IGNORE INTO time_claims (person_id, quantum, entry_id)
  SELECT p.person_id, e.start_time + INTERVAL q.n * 5 MINUTE, e.id
  FROM calendar_entries e
  JOIN entry_participants p ON p.entry_id = e.id
  JOIN (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL
        SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL
        SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11) q
    ON e.start_time + INTERVAL q.n * 5 MINUTE < e.end_time
  WHERE e.id LIKE '_demo-%' AND e.state IN (1, 3, 4);

-- A confidential note (only Noor and Ilse can read it).
INSERT IGNORE INTO coaching_notes (id, entry_id, author_id, text, create_time) VALUES
  ('ndemo-noor-1', 'bdemo-noor-2', 'starter-noor', 'Rust in 2B: afspraken over binnenkomst werken. Volgende keer: differentiëren.', @now);
