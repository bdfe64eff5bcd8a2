-- Demo data for the Professionalisation service: a season of activities for each demo
-- partnership of db/demo/partners.sql, with dates relative to today so the demo stays
-- current: werkplekbegeleiderstrainingen, the Opleidingshuis three-week rhythm (week 1
-- study-career guidance, week 2 intervision, week 3 skills lab), theme afternoons,
-- symposia, school safaris, research workshops and study days; some full with a
-- waitlist, some waiting for approval, some completed with hours and feedback.
-- Participants are the fictional demo people plus generated ones ("(demo)").
-- Re-runnable: rows that exist are left alone. Rows are written directly, so the
-- enrolment event log starts empty. Session times are Europe/Amsterdam, stored in UTC
-- (summer time from the last Sunday of March to the last Sunday of October).
-- Loaded by scripts/run (and the test stack) with:
--   mariadb samen_professionalisation < db/demo/professionalisation.sql
SET @now = UTC_TIMESTAMP(6);
SET @placeholder = '2000-01-01 00:00:00';
-- Days from today to the next Tuesday (0 on a Tuesday): the Opleidingshuis meets then.
SET @to_tuesday = (10 - DAYOFWEEK(UTC_DATE())) % 7;

INSERT IGNORE INTO activities (id, owner, kind, title, description, audiences, sectors, capacity, enrolment_open_time, enrolment_close_time, cancellation_deadline, hours_centis, approval_required, series_id, series_cap, required_sessions, first_start, last_end, version, create_time, update_time) VALUES
-- OSOF (Oostelijk Flevoland)
('osof-wpb-najaar', 'partnerships/osof', 1, 'Werkplekbegeleiderstraining (najaar)', 'Twee bijeenkomsten voor werkplekbegeleiders: begeleidingsgesprekken voeren, feedback geven en beoordelen met de competentiekaart. Wisselende locatie.', 'MENTORS,EXPERIENCED_TEACHERS', 'VO,VSO,MBO', 16, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 600, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('osof-themamiddag-taal', 'partnerships/osof', 3, 'Themamiddag taalgericht vakonderwijs', 'Hoe help je leerlingen met vaktaal? Workshops door docenten van Almere College en de HvA.', 'STARTERS,STUDENTS', '', 40, @now - INTERVAL 14 DAY, @placeholder, @placeholder, 350, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('osof-intervisie-1', 'partnerships/osof', 4, 'Intervisie startende leraren (1)', 'Intervisie volgens de incidentmethode, in vaste groepen.', 'STARTERS', '', 12, @now - INTERVAL 14 DAY, @placeholder, @placeholder, 200, FALSE, 'osof-intervisie', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('osof-intervisie-2', 'partnerships/osof', 4, 'Intervisie startende leraren (2)', 'Intervisie volgens de incidentmethode, in vaste groepen.', 'STARTERS', '', 12, @now - INTERVAL 14 DAY, @placeholder, @placeholder, 200, FALSE, 'osof-intervisie', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('osof-intervisie-3', 'partnerships/osof', 4, 'Intervisie startende leraren (3)', 'Intervisie volgens de incidentmethode, in vaste groepen.', 'STARTERS', '', 12, @now + INTERVAL 7 DAY, @placeholder, @placeholder, 200, FALSE, 'osof-intervisie', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('osof-schoolopleiders', 'partnerships/osof', 2, 'Schoolopleiderstraining: opleiden in de school', 'Drie dagdelen voor schoolopleiders over het opleidingsplan, beoordelen en de samenwerking met de instituten.', 'SCHOOL_EDUCATORS', '', 20, @now - INTERVAL 90 DAY, @placeholder, @placeholder, 900, TRUE, '', 0, 2, @placeholder, @placeholder, 1, @now, @now),
('osof-lab-oudergesprekken', 'partnerships/osof', 5, 'Vaardighedenlab: oudergesprekken', 'Oefenen met lastige oudergesprekken, met een trainingsacteur.', 'STARTERS,STUDENTS', '', 14, @now - INTERVAL 60 DAY, @placeholder, @placeholder, 300, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('svol-intervisie-mentoren', 'organisations/svol-lyceum', 4, 'Intervisie werkplekbegeleiders SVOL', 'Voor werkplekbegeleiders van de drie SVOL-scholen op campus Porteum.', 'MENTORS', 'VO', 10, @now - INTERVAL 7 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
-- Opleidingshuis (Utrecht): the three-week rhythm, three weeks back and nine ahead
('oh-w1-slb', 'partnerships/opleidingshuis', 11, 'Studieloopbaanbegeleiding (week 1)', 'Week 1 van het ritme: studieloopbaanbegeleiding in kleine groepen.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 60 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w2-intervisie', 'partnerships/opleidingshuis', 4, 'Intervisie (week 2)', 'Week 2 van het ritme: intervisie met collega''s in opleiding.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 60 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w3-lab-feedback', 'partnerships/opleidingshuis', 5, 'Vaardighedenlab: feedback geven (week 3)', 'Week 3 van het ritme: vaardighedenlab met wisselend thema.', 'STUDENTS,STARTERS', 'VO,MBO', 12, @now - INTERVAL 60 DAY, @placeholder, @placeholder, 200, FALSE, 'oh-labs', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w4-slb', 'partnerships/opleidingshuis', 11, 'Studieloopbaanbegeleiding (week 1)', 'Week 1 van het ritme: studieloopbaanbegeleiding in kleine groepen.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w5-intervisie', 'partnerships/opleidingshuis', 4, 'Intervisie (week 2)', 'Week 2 van het ritme: intervisie met collega''s in opleiding.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w6-lab-oudergesprekken', 'partnerships/opleidingshuis', 5, 'Vaardighedenlab: oudergesprekken (week 3)', 'Week 3 van het ritme: oudergesprekken voeren, met een trainingsacteur.', 'STUDENTS,STARTERS', 'VO,MBO', 12, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 200, FALSE, 'oh-labs', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w7-slb', 'partnerships/opleidingshuis', 11, 'Studieloopbaanbegeleiding (week 1)', 'Week 1 van het ritme: studieloopbaanbegeleiding in kleine groepen.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w8-intervisie', 'partnerships/opleidingshuis', 4, 'Intervisie (week 2)', 'Week 2 van het ritme: intervisie met collega''s in opleiding.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w9-lab-schrijven', 'partnerships/opleidingshuis', 5, 'Vaardighedenlab: schrijfvaardigheid (week 3)', 'Week 3 van het ritme: schrijfopdrachten ontwerpen en nakijken.', 'STUDENTS,STARTERS', 'VO,MBO', 12, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 200, FALSE, 'oh-labs', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w10-slb', 'partnerships/opleidingshuis', 11, 'Studieloopbaanbegeleiding (week 1)', 'Week 1 van het ritme: studieloopbaanbegeleiding in kleine groepen.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w11-intervisie', 'partnerships/opleidingshuis', 4, 'Intervisie (week 2)', 'Week 2 van het ritme: intervisie met collega''s in opleiding.', 'STUDENTS,STARTERS', 'VO,MBO', 15, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-w12-lab-coachen', 'partnerships/opleidingshuis', 5, 'Vaardighedenlab: didactisch coachen (week 3)', 'Week 3 van het ritme: didactisch coachen in de praktijk.', 'STUDENTS,STARTERS', 'VO,MBO', 12, @now + INTERVAL 14 DAY, @placeholder, @placeholder, 200, FALSE, 'oh-labs', 2, 0, @placeholder, @placeholder, 1, @now, @now),
('oh-wpb', 'partnerships/opleidingshuis', 1, 'Werkplekbegeleiderstraining Opleidingshuis', 'Twee keer per jaar: basistraining voor nieuwe werkplekbegeleiders van de NUOVO-scholen.', 'MENTORS', 'VO', 20, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 800, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
-- RPO Rijnmond
('rijnmond-symposium', 'partnerships/rpo-rijnmond', 8, 'Symposium Samen Opleiden Rijnmond', 'Jaarlijks symposium voor alle drie de clusters: keynote, onderzoekspresentaties en workshops.', '', 'VO,MBO', 150, @now - INTERVAL 30 DAY, @placeholder, @placeholder, 400, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('rijnmond-safari-nwn', 'partnerships/rpo-rijnmond', 9, 'Schoolsafari cluster NWN', 'Bezoek drie scholen van cluster NWN op één dag, met een kijkopdracht per school.', 'STARTERS,STUDENTS,MENTORS', 'VO', 24, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 500, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('rijnmond-werkplaats', 'partnerships/rpo-rijnmond', 7, 'Werkplaats onderzoek: lessen ontwerpen en evalueren', 'Docenten, lerarenopleiders en onderzoekers ontwerpen samen lessen en evalueren ze. Deelname na toestemming van je leidinggevende.', 'STARTERS,EXPERIENCED_TEACHERS,SCHOOL_EDUCATORS', 'VO,MBO', 12, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 1200, TRUE, '', 0, 3, @placeholder, @placeholder, 1, @now, @now),
-- ROWF (West-Friesland)
('rowf-wpb', 'partnerships/rowf', 1, 'Werkplekbegeleiderstraining ROWF', 'Basistraining werkplekbegeleiding, twee bijeenkomsten.', 'MENTORS', 'VO,MBO', 18, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 600, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('rowf-plg-formatief', 'partnerships/rowf', 6, 'PLG formatief evalueren', 'Professionele leergemeenschap: vier bijeenkomsten over formatief evalueren in de klas.', 'EXPERIENCED_TEACHERS,STARTERS', 'VO', 16, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 1000, FALSE, '', 0, 3, @placeholder, @placeholder, 1, @now, @now),
-- AONHW (Noord-Holland West)
('aonhw-schoolopleiders', 'partnerships/aonhw', 2, 'Schoolopleiderstraining AONHW', 'Voor (nieuwe) schoolopleiders van de academische opleidingsschool.', 'SCHOOL_EDUCATORS', 'VO', 15, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 900, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('aonhw-werkplaats', 'partnerships/aonhw', 7, 'Onderzoekswerkplaats academische opleidingsschool', 'Praktijkgericht onderzoek met de UvA en de VU.', 'EXPERIENCED_TEACHERS,SCHOOL_EDUCATORS', 'VO', 10, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 800, FALSE, '', 0, 2, @placeholder, @placeholder, 1, @now, @now),
-- FROSK (Friesland)
('frosk-studiedag', 'partnerships/frosk', 10, 'Studiedag FROSK: samen opleiden in Fryslân', 'Studiedag voor alle betrokkenen bij het opleiden in de school.', '', 'VO', 120, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 600, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('frosk-wpb', 'partnerships/frosk', 1, 'Werkplekbegeleiderstraining FROSK', 'Basistraining werkplekbegeleiding in Leeuwarden.', 'MENTORS', 'VO', 10, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 600, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
-- Partnerschap 2 (Almelo)
('p2-intervisie', 'partnerships/partnerschap-2', 4, 'Intervisie startende leraren Almelo', 'Intervisie voor starters van Carmel en ROC van Twente.', 'STARTERS', 'VO,MBO', 12, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 300, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('p2-themamiddag-zij-instroom', 'partnerships/partnerschap-2', 3, 'Themamiddag voor zij-instromers', 'Werken en leren tegelijk: ervaringen, tips en de opleidingsroute.', 'STARTERS,STUDENTS', 'VO,MBO', 30, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 300, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now),
('p2-webinar-formatief', 'partnerships/partnerschap-2', 3, 'Webinar formatief handelen', 'Online, met opname.', '', '', 200, @now - INTERVAL 21 DAY, @placeholder, @placeholder, 150, FALSE, '', 0, 0, @placeholder, @placeholder, 1, @now, @now);

INSERT IGNORE INTO activity_themes (activity_id, theme, position) VALUES
('osof-wpb-najaar', 'feedback geven', 0), ('osof-wpb-najaar', 'beoordelen', 1),
('osof-themamiddag-taal', 'taalgericht vakonderwijs', 0),
('osof-intervisie-1', 'intervisie', 0), ('osof-intervisie-2', 'intervisie', 0), ('osof-intervisie-3', 'intervisie', 0),
('osof-lab-oudergesprekken', 'oudergesprekken', 0),
('oh-w3-lab-feedback', 'feedback geven', 0), ('oh-w6-lab-oudergesprekken', 'oudergesprekken', 0),
('oh-w9-lab-schrijven', 'schrijfvaardigheid', 0), ('oh-w12-lab-coachen', 'didactisch coachen', 0),
('rijnmond-werkplaats', 'onderzoek', 0), ('aonhw-werkplaats', 'onderzoek', 0),
('rowf-plg-formatief', 'formatief evalueren', 0), ('p2-webinar-formatief', 'formatief evalueren', 0),
('p2-themamiddag-zij-instroom', 'zij-instroom', 0);

-- Sessions: `day` from today (`tue`: counted from the next Tuesday), local times.
CREATE TEMPORARY TABLE demo_sessions (
  activity_id VARCHAR(63), session_id VARCHAR(63), position INT, title VARCHAR(200),
  day INT, tue BOOLEAN, start_hm CHAR(5), end_hm CHAR(5), location_id VARCHAR(63),
  online BOOLEAN, room VARCHAR(300)
) CHARSET=utf8mb4;
INSERT INTO demo_sessions VALUES
('osof-wpb-najaar', 's1', 0, 'Bijeenkomst 1: begeleidingsgesprekken', 14, FALSE, '15:00', '17:30', 'svol-lyceum', FALSE, 'Aula'),
('osof-wpb-najaar', 's2', 1, 'Bijeenkomst 2: beoordelen', 42, FALSE, '15:00', '17:30', 'almere-college-dronten', FALSE, 'Lokaal 1.12'),
('osof-themamiddag-taal', 's1', 0, '', 21, FALSE, '13:30', '17:00', 'almere-college-kampen', FALSE, ''),
('osof-intervisie-1', 's1', 0, '', -20, FALSE, '15:30', '17:00', 'svol-havo', FALSE, ''),
('osof-intervisie-2', 's1', 0, '', 10, FALSE, '15:30', '17:00', 'mbo-college-lelystad', FALSE, ''),
('osof-intervisie-3', 's1', 0, '', 38, FALSE, '15:30', '17:00', 'svol-vmbo', FALSE, ''),
('osof-schoolopleiders', 's1', 0, 'Dagdeel 1', -45, FALSE, '13:00', '16:00', 'svol-lyceum', FALSE, ''),
('osof-schoolopleiders', 's2', 1, 'Dagdeel 2', -31, FALSE, '13:00', '16:00', 'eduvier-lelystad', FALSE, ''),
('osof-schoolopleiders', 's3', 2, 'Dagdeel 3 (online)', -17, FALSE, '13:00', '16:00', NULL, TRUE, 'Teams'),
('osof-lab-oudergesprekken', 's1', 0, '', -25, FALSE, '14:00', '17:00', 'almere-college-dronten', FALSE, ''),
('svol-intervisie-mentoren', 's1', 0, '', 9, FALSE, '16:00', '17:30', 'svol-lyceum', FALSE, 'Mediatheek'),
('oh-w1-slb', 's1', 0, '', -21, TRUE, '14:00', '16:00', 'academie-tien', FALSE, ''),
('oh-w2-intervisie', 's1', 0, '', -14, TRUE, '14:00', '16:00', 'nxt-doorn', FALSE, ''),
('oh-w3-lab-feedback', 's1', 0, '', -7, TRUE, '14:00', '16:30', 'unic-utrecht', FALSE, ''),
('oh-w4-slb', 's1', 0, '', 0, TRUE, '14:00', '16:00', 'nxt-maarsbergen', FALSE, ''),
('oh-w5-intervisie', 's1', 0, '', 7, TRUE, '14:00', '16:00', 'academie-tien', FALSE, ''),
('oh-w6-lab-oudergesprekken', 's1', 0, '', 14, TRUE, '14:00', '16:30', 'nxt-doorn', FALSE, ''),
('oh-w7-slb', 's1', 0, '', 21, TRUE, '14:00', '16:00', 'unic-utrecht', FALSE, ''),
('oh-w8-intervisie', 's1', 0, '', 28, TRUE, '14:00', '16:00', 'nxt-maarsbergen', FALSE, ''),
('oh-w9-lab-schrijven', 's1', 0, '', 35, TRUE, '14:00', '16:30', 'academie-tien', FALSE, ''),
('oh-w10-slb', 's1', 0, '', 42, TRUE, '14:00', '16:00', 'nxt-doorn', FALSE, ''),
('oh-w11-intervisie', 's1', 0, '', 49, TRUE, '14:00', '16:00', 'unic-utrecht', FALSE, ''),
('oh-w12-lab-coachen', 's1', 0, '', 56, TRUE, '14:00', '16:30', 'nxt-maarsbergen', FALSE, ''),
('oh-wpb', 's1', 0, 'Dag 1', 17, FALSE, '09:00', '16:00', 'academie-tien', FALSE, ''),
('oh-wpb', 's2', 1, 'Dag 2', 45, FALSE, '09:00', '16:00', 'unic-utrecht', FALSE, ''),
('rijnmond-symposium', 's1', 0, '', 55, FALSE, '12:30', '17:30', 'rijnmond-vo-rotterdam-zuid', FALSE, 'Theaterzaal'),
('rijnmond-safari-nwn', 's1', 0, 'Maassluis', 30, FALSE, '09:00', '10:30', 'rijnmond-vo-maassluis', FALSE, ''),
('rijnmond-safari-nwn', 's2', 1, 'Vlaardingen', 30, FALSE, '11:00', '12:30', 'rijnmond-vo-vlaardingen', FALSE, ''),
('rijnmond-safari-nwn', 's3', 2, 'Schiedam', 30, FALSE, '13:30', '15:00', 'rijnmond-vo-schiedam', FALSE, ''),
('rijnmond-werkplaats', 's1', 0, 'Ontwerpen', 24, FALSE, '15:00', '18:00', 'rijnmond-vo-schiedam', FALSE, ''),
('rijnmond-werkplaats', 's2', 1, 'Uitvoeren', 52, FALSE, '15:00', '18:00', 'rijnmond-vo-ridderkerk', FALSE, ''),
('rijnmond-werkplaats', 's3', 2, 'Evalueren', 80, FALSE, '15:00', '18:00', 'rijnmond-mbo', FALSE, ''),
('rowf-wpb', 's1', 0, '', 18, FALSE, '14:30', '17:00', 'rowf-hoorn', FALSE, ''),
('rowf-wpb', 's2', 1, '', 46, FALSE, '14:30', '17:00', 'rowf-enkhuizen', FALSE, ''),
('rowf-plg-formatief', 's1', 0, '', 12, FALSE, '15:30', '17:30', 'rowf-medemblik', FALSE, ''),
('rowf-plg-formatief', 's2', 1, '', 40, FALSE, '15:30', '17:30', 'rowf-schagen', FALSE, ''),
('rowf-plg-formatief', 's3', 2, '', 68, FALSE, '15:30', '17:30', 'rowf-hoorn', FALSE, ''),
('rowf-plg-formatief', 's4', 3, '', 96, FALSE, '15:30', '17:30', 'rowf-enkhuizen', FALSE, ''),
('aonhw-schoolopleiders', 's1', 0, '', 20, FALSE, '13:00', '17:00', 'aonhw-alkmaar', FALSE, ''),
('aonhw-werkplaats', 's1', 0, '', 25, FALSE, '15:00', '17:30', 'aonhw-heerhugowaard', FALSE, ''),
('aonhw-werkplaats', 's2', 1, '', 60, FALSE, '15:00', '17:30', 'aonhw-den-helder', FALSE, ''),
('frosk-studiedag', 's1', 0, '', 33, FALSE, '09:00', '16:00', 'frosk-heerenveen', FALSE, ''),
('frosk-wpb', 's1', 0, '', 16, FALSE, '14:00', '17:00', 'frosk-leeuwarden', FALSE, ''),
('frosk-wpb', 's2', 1, '', 44, FALSE, '14:00', '17:00', 'frosk-leeuwarden', FALSE, ''),
('p2-intervisie', 's1', 0, '', 11, FALSE, '15:30', '17:00', 'carmel-almelo-lyceum', FALSE, ''),
('p2-themamiddag-zij-instroom', 's1', 0, '', 26, FALSE, '13:30', '17:00', 'roc-van-twente', FALSE, ''),
('p2-webinar-formatief', 's1', 0, '', 19, FALSE, '19:30', '21:00', NULL, TRUE, 'Link volgt per e-mail');

-- Host locations as the Partners service knows them (db/demo/partners.sql).
CREATE TEMPORARY TABLE demo_locations (id VARCHAR(63), name VARCHAR(200), city VARCHAR(100)) CHARSET=utf8mb4;
INSERT INTO demo_locations VALUES
('svol-lyceum', 'SVOL Porteum Lyceum', 'Lelystad'), ('svol-havo', 'SVOL Porteum Havo', 'Lelystad'),
('svol-vmbo', 'SVOL Porteum Vmbo', 'Lelystad'), ('eduvier-lelystad', 'Eduvier Lelystad', 'Lelystad'),
('mbo-college-lelystad', 'MBO College Lelystad', 'Lelystad'),
('almere-college-dronten', 'Almere College Dronten', 'Dronten'), ('almere-college-kampen', 'Almere College Kampen', 'Kampen'),
('academie-tien', 'Academie Tien', 'Utrecht'), ('nxt-doorn', 'NXT Doorn', 'Doorn'),
('nxt-maarsbergen', 'NXT Maarsbergen', 'Maarsbergen'), ('unic-utrecht', 'UniC', 'Utrecht'),
('rijnmond-vo-maassluis', 'Rijnmond VO-school Maassluis (demo)', 'Maassluis'),
('rijnmond-vo-vlaardingen', 'Rijnmond VO-school Vlaardingen (demo)', 'Vlaardingen'),
('rijnmond-vo-schiedam', 'Rijnmond VO-school Schiedam (demo)', 'Schiedam'),
('rijnmond-vo-rotterdam-zuid', 'Rijnmond VO-school Rotterdam-Zuid (demo)', 'Rotterdam'),
('rijnmond-vo-ridderkerk', 'Rijnmond VO-school Ridderkerk (demo)', 'Ridderkerk'),
('rijnmond-mbo', 'Rijnmond mbo-college (demo)', 'Rotterdam'),
('rowf-hoorn', 'ROWF-school Hoorn (demo)', 'Hoorn'), ('rowf-enkhuizen', 'ROWF-school Enkhuizen (demo)', 'Enkhuizen'),
('rowf-medemblik', 'ROWF-school Medemblik (demo)', 'Medemblik'), ('rowf-schagen', 'ROWF-school Schagen (demo)', 'Schagen'),
('aonhw-alkmaar', 'AONHW-school Alkmaar (demo)', 'Alkmaar'),
('aonhw-heerhugowaard', 'AONHW-school Heerhugowaard (demo)', 'Heerhugowaard'),
('aonhw-den-helder', 'AONHW-school Den Helder (demo)', 'Den Helder'),
('frosk-heerenveen', 'FROSK-school Heerenveen (demo)', 'Heerenveen'),
('frosk-leeuwarden', 'FROSK-school Leeuwarden (demo)', 'Leeuwarden'),
('carmel-almelo-lyceum', 'Carmel Almelo Lyceum (demo)', 'Almelo'), ('roc-van-twente', 'ROC van Twente', 'Hengelo');

-- Local date and time to UTC: UTC+2 from the last Sunday of March to the last Sunday
-- of October (sessions never start in the night of the change), else UTC+1.
INSERT IGNORE INTO activity_sessions (activity_id, session_id, position, title, local_date, local_start, local_end, start_time, end_time, location_id, location_name, city, online, room)
SELECT x.activity_id, x.session_id, x.position, x.title, x.local_date, x.start_hm, x.end_hm,
  TIMESTAMP(x.local_date, x.start_hm) - INTERVAL x.utc_offset HOUR,
  TIMESTAMP(x.local_date, x.end_hm) - INTERVAL x.utc_offset HOUR,
  x.location_id, x.location_name, x.city, x.online, x.room
FROM (
  SELECT d.*, IF(d.local_date >= DATE(CONCAT(YEAR(d.local_date), '-03-31')) - INTERVAL (DAYOFWEEK(CONCAT(YEAR(d.local_date), '-03-31')) - 1) DAY
             AND d.local_date < DATE(CONCAT(YEAR(d.local_date), '-10-31')) - INTERVAL (DAYOFWEEK(CONCAT(YEAR(d.local_date), '-10-31')) - 1) DAY, 2, 1) AS utc_offset
  FROM (
    SELECT s.activity_id, s.session_id, s.position, s.title, s.start_hm, s.end_hm, s.location_id, s.online, s.room,
      UTC_DATE() + INTERVAL (s.day + IF(s.tue, @to_tuesday, 0)) DAY AS local_date,
      COALESCE(l.name, '') AS location_name, COALESCE(l.city, '') AS city
    FROM demo_sessions s LEFT JOIN demo_locations l ON l.id = s.location_id
  ) d
) x;

-- Start, end and the defaults that follow from the first session (only for rows this
-- file inserted and has not completed yet).
UPDATE activities a JOIN (
  SELECT activity_id, MIN(start_time) AS first_start, MAX(end_time) AS last_end, MIN(local_date) AS first_day
  FROM activity_sessions GROUP BY activity_id
) s ON s.activity_id = a.id
SET a.first_start = s.first_start, a.last_end = s.last_end, a.enrolment_close_time = s.first_start,
  a.cancellation_deadline = TIMESTAMP(s.first_day) - INTERVAL IF(
    s.first_day >= DATE(CONCAT(YEAR(s.first_day), '-03-31')) - INTERVAL (DAYOFWEEK(CONCAT(YEAR(s.first_day), '-03-31')) - 1) DAY
    AND s.first_day < DATE(CONCAT(YEAR(s.first_day), '-10-31')) - INTERVAL (DAYOFWEEK(CONCAT(YEAR(s.first_day), '-10-31')) - 1) DAY, 2, 1) HOUR
WHERE a.first_start = @placeholder;

-- Generated participants: "Voornaam Achternaam (demo)".
CREATE TEMPORARY TABLE demo_n (n INT PRIMARY KEY);
INSERT INTO demo_n VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30);
SET @first = 'Sanne,Daan,Fleur,Bram,Lotte,Thijs,Eva,Jesse,Mila,Luuk,Iris,Sem,Noa,Timo,Femke,Ruben,Anouk,Joris,Lieke,Koen,Merel,Stijn,Roos,Wouter,Esmee';
SET @last = 'de Jong,Bakker,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,Smits,de Graaf,van der Meer,Kok,Jacobs,Vermeulen,van den Berg,Willems';

-- Enrolments: (activity, prefix, organisation, how many enrolled, how many waitlisted).
CREATE TEMPORARY TABLE demo_fill (activity_id VARCHAR(63), prefix VARCHAR(40), organisation VARCHAR(80), enrolled INT, waitlisted INT);
INSERT INTO demo_fill VALUES
('osof-wpb-najaar', 'demo-mentor-osof', 'organisations/svol-havo', 16, 4),
('osof-themamiddag-taal', 'demo-starter-osof', 'organisations/almere-college-kampen', 11, 0),
('osof-intervisie-1', 'demo-starter-osof', 'organisations/almere-college-kampen', 9, 0),
('oh-w3-lab-feedback', 'demo-student-oh', 'organisations/academie-tien', 10, 0),
('oh-w6-lab-oudergesprekken', 'demo-student-oh', 'organisations/academie-tien', 12, 3),
('oh-w4-slb', 'demo-student-oh', 'organisations/nxt-doorn', 8, 0),
('oh-wpb', 'demo-mentor-oh', 'organisations/unic-utrecht', 7, 0),
('rijnmond-symposium', 'demo-rijnmond', 'organisations/rijnmond-vo-rotterdam-zuid', 25, 0),
('rijnmond-safari-nwn', 'demo-rijnmond', 'organisations/rijnmond-vo-vlaardingen', 24, 2),
('rowf-wpb', 'demo-mentor-rowf', 'organisations/rowf-hoorn', 6, 0),
('frosk-wpb', 'demo-mentor-frosk', 'organisations/frosk-sneek', 10, 5),
('frosk-studiedag', 'demo-frosk', 'organisations/frosk-drachten', 20, 0),
('p2-intervisie', 'demo-starter-p2', 'organisations/carmel-almelo-havo', 5, 0);
INSERT IGNORE INTO enrolments (activity_id, person_id, state, arrival, display_name, organisations, enrolled_by, promoted, completed, completion_time, note, request_time, state_time)
SELECT f.activity_id, CONCAT(f.prefix, '-', LPAD(n.n, 2, '0')), IF(n.n <= f.enrolled, 3, 2), n.n + 10,
  CONCAT(SUBSTRING_INDEX(SUBSTRING_INDEX(@first, ',', 1 + (n.n - 1) % 25), ',', -1), ' ',
         SUBSTRING_INDEX(SUBSTRING_INDEX(@last, ',', 1 + (n.n * 7) % 25), ',', -1), ' (demo)'),
  f.organisation, '', FALSE, FALSE, NULL, '', @now - INTERVAL (200 - n.n) MINUTE, @now - INTERVAL (200 - n.n) MINUTE
FROM demo_fill f JOIN demo_n n ON n.n <= f.enrolled + f.waitlisted;

-- The named demo people (db/demo/partners.sql).
INSERT IGNORE INTO enrolments (activity_id, person_id, state, arrival, display_name, organisations, enrolled_by, promoted, completed, completion_time, note, request_time, state_time) VALUES
('osof-themamiddag-taal', 'starter-noor', 3, 1, 'Noor Jansen (demo)', 'organisations/almere-college-dronten', '', FALSE, FALSE, NULL, '', @now - INTERVAL 5 DAY, @now - INTERVAL 5 DAY),
('osof-themamiddag-taal', 'student-jesse', 3, 2, 'Jesse van Dijk (demo)', 'organisations/svol-lyceum', '', FALSE, FALSE, NULL, '', @now - INTERVAL 4 DAY, @now - INTERVAL 4 DAY),
('osof-intervisie-1', 'starter-noor', 3, 1, 'Noor Jansen (demo)', 'organisations/almere-college-dronten', '', FALSE, TRUE, @now - INTERVAL 20 DAY, '', @now - INTERVAL 30 DAY, @now - INTERVAL 30 DAY),
('osof-intervisie-2', 'starter-noor', 3, 1, 'Noor Jansen (demo)', 'organisations/almere-college-dronten', '', FALSE, FALSE, NULL, '', @now - INTERVAL 3 DAY, @now - INTERVAL 3 DAY),
('osof-intervisie-2', 'starter-daan', 3, 2, 'Daan Visser (demo)', 'organisations/svol-havo', '', FALSE, FALSE, NULL, '', @now - INTERVAL 2 DAY, @now - INTERVAL 2 DAY),
('osof-lab-oudergesprekken', 'starter-noor', 3, 1, 'Noor Jansen (demo)', 'organisations/almere-college-dronten', '', FALSE, TRUE, @now - INTERVAL 25 DAY, '', @now - INTERVAL 40 DAY, @now - INTERVAL 40 DAY),
('osof-lab-oudergesprekken', 'student-jesse', 3, 2, 'Jesse van Dijk (demo)', 'organisations/svol-lyceum', '', FALSE, TRUE, @now - INTERVAL 25 DAY, '', @now - INTERVAL 39 DAY, @now - INTERVAL 39 DAY),
('osof-schoolopleiders', 'coach-ilse', 3, 1, 'Ilse Smit (demo)', 'organisations/almere-college-dronten', '', FALSE, TRUE, @now - INTERVAL 31 DAY, '', @now - INTERVAL 80 DAY, @now - INTERVAL 78 DAY),
('osof-schoolopleiders', 'coord-osof', 3, 2, 'Femke de Vries (demo)', 'organisations/svol-lyceum', '', FALSE, TRUE, @now - INTERVAL 17 DAY, '', @now - INTERVAL 79 DAY, @now - INTERVAL 77 DAY),
('oh-wpb', 'mentor-anouk', 3, 1, 'Anouk Meijer (demo)', 'organisations/academie-tien', '', FALSE, FALSE, NULL, '', @now - INTERVAL 6 DAY, @now - INTERVAL 6 DAY),
('rijnmond-werkplaats', 'starter-sanne', 1, 1, 'Sanne Mulder (demo) — zij-instromer', 'organisations/rijnmond-vo-maassluis', '', FALSE, FALSE, NULL, '', @now - INTERVAL 1 DAY, @now - INTERVAL 1 DAY),
('svol-intervisie-mentoren', 'coach-bram', 3, 1, 'Bram de Boer (demo)', 'organisations/svol-havo,organisations/svol-lyceum', '', FALSE, FALSE, NULL, '', @now - INTERVAL 2 DAY, @now - INTERVAL 2 DAY);

-- Completed activities: attendance, hours on the development record, feedback.
INSERT IGNORE INTO attendance (activity_id, session_id, person_id, attended, marked_by, mark_time)
SELECT e.activity_id, s.session_id, e.person_id, TRUE, 'coord-osof', s.end_time
FROM enrolments e JOIN activity_sessions s ON s.activity_id = e.activity_id
WHERE e.completed AND s.end_time < @now AND NOT (e.person_id = 'coord-osof' AND s.session_id = 's2');
INSERT IGNORE INTO development_records (person_id, activity_id, title, kind, owner, hours_centis, completion_time, organisations, create_time)
SELECT e.person_id, a.id, a.title, a.kind, a.owner, a.hours_centis, x.last_end, e.organisations, @now
FROM enrolments e JOIN activities a ON a.id = e.activity_id
JOIN (SELECT t.activity_id, t.person_id, MAX(s.end_time) AS last_end FROM attendance t
      JOIN activity_sessions s ON s.activity_id = t.activity_id AND s.session_id = t.session_id
      WHERE t.attended GROUP BY t.activity_id, t.person_id) x ON x.activity_id = e.activity_id AND x.person_id = e.person_id
WHERE e.completed;
UPDATE enrolments e JOIN development_records r ON r.person_id = e.person_id AND r.activity_id = e.activity_id
SET e.completion_time = r.completion_time WHERE e.completed;
INSERT IGNORE INTO feedback (activity_id, person_id, score, comment, update_time) VALUES
('osof-lab-oudergesprekken', 'starter-noor', 5, 'Heel leerzaam, vooral het oefenen met de acteur.', @now - INTERVAL 24 DAY),
('osof-lab-oudergesprekken', 'student-jesse', 4, 'Goed, maar graag meer tijd voor nabespreking.', @now - INTERVAL 23 DAY),
('osof-schoolopleiders', 'coach-ilse', 4, '', @now - INTERVAL 30 DAY);

-- Counters and arrival numbers follow from the rows.
UPDATE activities a SET
  a.enrolled_count = (SELECT COUNT(*) FROM enrolments e WHERE e.activity_id = a.id AND e.state = 3),
  a.waitlisted_count = (SELECT COUNT(*) FROM enrolments e WHERE e.activity_id = a.id AND e.state = 2),
  a.pending_count = (SELECT COUNT(*) FROM enrolments e WHERE e.activity_id = a.id AND e.state = 1),
  a.next_arrival = (SELECT COALESCE(MAX(e.arrival), 0) + 1 FROM enrolments e WHERE e.activity_id = a.id)
WHERE a.version = 1 AND a.create_time = a.update_time;

DROP TEMPORARY TABLE demo_sessions;
DROP TEMPORARY TABLE demo_locations;
DROP TEMPORARY TABLE demo_n;
DROP TEMPORARY TABLE demo_fill;
