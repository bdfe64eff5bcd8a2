#!/usr/bin/env python3
"""Generates the volume data of issue 11 ("cost that grows with data") as SQL files, one
per service database, on top of the demo data (db/demo/*.sql), for bench/volume.sh.

    bench/volume/generate.py OUT_DIR [--starters N] [--bookings N] [--activities N]
                             [--vacancies N] [--bench-starters N]

Writes into OUT_DIR:
  bench-partners.sql, bench-induction.sql  the bench starters that CreateBooking books for
      (coach-ilse's, at Almere College Kampen so that the Dronten reads stay the demo's);
      loaded before the demo measurements;
  partners.sql        people, affiliations (STARTER) and role grants of the volume starters;
  induction.sql       starters (with programme, school, board), starter_coaches,
                      person_locks, and the bookings of the demo coaches (coach-ilse and
                      coach-bram): calendar_entries, entry_participants (coach and
                      starter) and, for the active ones (confirmed, held, no-show),
                      time_claims: one row per person and 5-minute quantum, as
                      services/induction/booking_repository.cc and calendar_repository.cc
                      write them;
  professionalisation.sql  activities with one session and one theme each;
  vacancies.sql       published vacancies at the schools the demo's directory copy holds
                      (directory_organisations/_memberships), vacancy_subjects, and one
                      "published" row per vacancy in the change feed (vacancy_changes,
                      vacancy_feed_state.last_seq), as the service writes on publish.

Every row respects the schemas' keys, foreign keys and CHECKs (the files load with
foreign key checks on). Multi-row INSERTs of at most 1,000 rows. Standard library only.
"""
import argparse
import datetime as dt
import os
import random
import zoneinfo

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc
BATCH = 1000

# The demo coaches (db/demo/induction.sql): id, school of their starters, board,
# programme, slot and buffer minutes, location, online link, programme years, duration.
COACHES = [
    dict(id="coach-ilse", schools=["almere-college-dronten"], board="stichting-almere-college",
         programme="almere-college-begeleiding", slot=45, buffer=15, duration=2,
         location="Almere College Dronten, kamer B1.12", link=""),
    dict(id="coach-bram", schools=["svol-havo", "svol-lyceum"], board="svol",
         programme="osof-inductie", slot=50, buffer=10, duration=3,
         location="Campus Porteum, coachkamer", link="https://meet.example/coach-bram"),
]
# Schools with a directory copy in db/demo/vacancies.sql, with their region.
VACANCY_SCHOOLS = [
    ("almere-college-dronten", 2), ("svol-lyceum", 2), ("svol-vmbo", 2), ("rowf-hoorn", 2),
    ("aonhw-alkmaar", 2), ("rijnmond-vo-schiedam", 2), ("academie-tien", 2),
    ("carmel-almelo-lyceum", 2),
]
SUBJECTS = ["dutch", "english", "german", "french", "mathematics", "physics", "chemistry",
            "biology", "history", "geography", "economics", "technology", "arts", "music"]
# Activity owners and host locations as in db/demo/professionalisation.sql.
OWNERS = ["partnerships/osof", "partnerships/opleidingshuis", "partnerships/rpo-rijnmond",
          "partnerships/rowf", "partnerships/aonhw", "partnerships/frosk",
          "partnerships/partnerschap-2", "organisations/svol-lyceum"]
LOCATIONS = [
    ("svol-lyceum", "SVOL Porteum Lyceum", "Lelystad"), ("svol-havo", "SVOL Porteum Havo", "Lelystad"),
    ("almere-college-dronten", "Almere College Dronten", "Dronten"),
    ("academie-tien", "Academie Tien", "Utrecht"), ("nxt-doorn", "NXT Doorn", "Doorn"),
    ("rijnmond-vo-schiedam", "Rijnmond VO-school Schiedam (demo)", "Schiedam"),
    ("rowf-hoorn", "ROWF-school Hoorn (demo)", "Hoorn"),
    ("aonhw-alkmaar", "AONHW-school Alkmaar (demo)", "Alkmaar"),
    ("frosk-leeuwarden", "FROSK-school Leeuwarden (demo)", "Leeuwarden"),
    ("carmel-almelo-lyceum", "Carmel Almelo Lyceum (demo)", "Almelo"),
]
AUDIENCES = ["STUDENTS", "STARTERS", "MENTORS", "SCHOOL_EDUCATORS", "EXPERIENCED_TEACHERS",
             "SCHOOL_LEADERS"]
THEMES = ["klassenmanagement", "formatief evalueren", "oudergesprekken", "feedback geven",
          "taalgericht vakonderwijs", "onderzoek", "intervisie", "didactisch coachen"]


def q(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        return "'" + v.strftime("%Y-%m-%d %H:%M:%S.%f") + "'"
    if isinstance(v, dt.date):
        return "'" + v.isoformat() + "'"
    return "'" + str(v).replace("\\", "\\\\").replace("'", "''") + "'"


class Writer:
    """Multi-row INSERTs of at most BATCH rows, one transaction per file."""

    def __init__(self, path):
        self.f = open(path, "w", encoding="utf-8")
        self.f.write("SET autocommit = 0;\n")
        self.pending = {}

    def row(self, table, columns, values):
        key = (table, columns)
        rows = self.pending.setdefault(key, [])
        rows.append("(" + ", ".join(q(v) for v in values) + ")")
        if len(rows) >= BATCH:
            self.flush()  # all tables, parents first (in the order they were first used)

    def flush(self):
        for k, rows in self.pending.items():  # keys stay, so the order stays
            if rows:
                self.f.write("INSERT INTO %s (%s) VALUES\n%s;\n" % (k[0], k[1], ",\n".join(rows)))
                rows.clear()

    def raw(self, sql):
        self.flush()
        self.f.write(sql + "\n")

    def close(self):
        self.flush()
        self.f.write("COMMIT;\n")
        self.f.close()


PEOPLE = "id, display_name, email, version, create_time, update_time"
AFFIL = "person_id, organisation_id, roles, position"
GRANTS = ("person_id, id, role, scope, start_date, end_date, version, create_time, "
          "update_time, created_by")
STARTERS = ("id, display_name, school_id, board_id, programme_id, kind, start_date, subjects, "
            "current_year, status, version, create_time, update_time")


def person(w, pid, name, school, start, now):
    w.row("people", PEOPLE, (pid, name, pid + "@volume.example", 1, now, now))
    w.row("affiliations", AFFIL, (pid, school, "STARTER", 0))
    w.row("role_grants", GRANTS, (pid, "starter-" + school, "starter",
                                  "organisations/" + school, start, None, 1, now, now, "volume"))


def bench_starters(out, n, now, today):
    """coach-ilse's starters for the CreateBooking rows, without any booking yet."""
    wp = Writer(os.path.join(out, "bench-partners.sql"))
    wi = Writer(os.path.join(out, "bench-induction.sql"))
    for i in range(n):
        sid = "bench-starter-%03d" % i
        start = today - dt.timedelta(days=30)
        person(wp, sid, "Bench starter %03d" % i, "almere-college-kampen", start, now)
        wi.row("starters", STARTERS, (sid, "Bench starter %03d" % i, "almere-college-kampen",
                                      "stichting-almere-college", "almere-college-begeleiding",
                                      1, start, "Nederlands", 1, 1, 1, now, now))
        wi.row("starter_coaches", "starter_id, coach_id, position", (sid, "coach-ilse", 0))
        wi.row("person_locks", "person_id", (sid,))
    wp.close()
    wi.close()


def quanta(start, minutes):
    return [start + dt.timedelta(minutes=5 * k) for k in range(minutes // 5)]


def starters_and_bookings(out, n_starters, n_bookings, now, today, rng):
    wp = Writer(os.path.join(out, "partners.sql"))
    wi = Writer(os.path.join(out, "induction.sql"))
    entries_cols = ("id, kind, coach_id, starter_id, title, start_time, end_time, state, "
                    "programme_year, late_cancellation, cancel_reason, cancelled_by, location, "
                    "online_link, ical_uid, sequence, request_id, version, create_time, update_time")
    per_coach_starters = n_starters // len(COACHES)
    per_coach_bookings = n_bookings // len(COACHES)
    per_starter = max(1, per_coach_bookings // per_coach_starters)  # 10 at the sizes
    group = 500  # starters whose bookings interleave (a cohort of one coach)
    # Each coach's history: back-to-back slots (slot + buffer) going back from 45 days
    # ago (the demo's own entries lie within the last 40 days), day and night: two
    # coaches cannot hold 100,000 sessions in office hours without overlapping.
    end = dt.datetime.combine(today - dt.timedelta(days=45), dt.time(0, 0))
    counter = 0
    for c_index, coach in enumerate(COACHES):
        step = dt.timedelta(minutes=coach["slot"] + coach["buffer"])
        starters = []
        for i in range(per_coach_starters):
            sid = "vol-starter-%05d" % (c_index * per_coach_starters + i)
            school = coach["schools"][i % len(coach["schools"])]
            starters.append((sid, school))
        # Slot k (0 = the most recent) of this coach belongs to starter
        # (k // (group * per_starter)) * group + k % group: every starter of a cohort has
        # per_starter sessions about `group` slots apart; cohorts go back in time.
        first_slot = {}
        total = per_coach_starters * per_starter
        for k in range(total):
            cohort, rest = divmod(k, group * per_starter)
            j, s = divmod(rest, group)  # j: the starter's session number (newest first)
            s_index = cohort * group + s
            if s_index >= per_coach_starters:
                continue
            sid, _ = starters[s_index]
            start = end - step * (k + 1)
            first_slot[sid] = start  # the last assigned is the oldest
            # states: 2 of 10 cancelled (no time claims), 1 no-show, the rest held
            j_from_first = per_starter - 1 - j
            state = 2 if j_from_first in (3, 7) else 4 if j_from_first == 6 else 3
            eid = "bvol%07d" % counter
            counter += 1
            stop = start + dt.timedelta(minutes=coach["slot"])
            wi.row("calendar_entries", entries_cols, (
                eid, 1, coach["id"], sid, "", start, stop, state, 1, False, "",
                sid if state == 2 else None, coach["location"], coach["link"],
                eid + "@induction.samen.dev", 1, None, 2, start - dt.timedelta(days=7), stop))
            wi.row("entry_participants", "entry_id, person_id, role", (eid, coach["id"], 1))
            wi.row("entry_participants", "entry_id, person_id, role", (eid, sid, 2))
            if state != 2:
                for person_id in (coach["id"], sid):
                    for qt in quanta(start, coach["slot"]):
                        wi.row("time_claims", "person_id, quantum, entry_id",
                               (person_id, qt.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S"), eid))
        for sid, school in starters:
            start_date = (first_slot.get(sid, end) - dt.timedelta(days=7)).date()
            years = (today - start_date).days // 365 + 1
            status = 3 if years > coach["duration"] else 1
            year = min(years, coach["duration"])
            name = "Starter %s (volume)" % sid[-5:]
            person(wp, sid, name, school, start_date, now)
            wi.row("starters", STARTERS, (sid, name, school, coach["board"], coach["programme"], 1,
                                          start_date, rng.choice(["Nederlands", "Wiskunde", "Engels",
                                                                  "Biologie"]),
                                          year, status, 1, now, now))
            wi.row("starter_coaches", "starter_id, coach_id, position", (sid, coach["id"], 0))
            wi.row("person_locks", "person_id", (sid,))
    wp.close()
    wi.close()
    return counter


def amsterdam_utc(day, hm):
    h, m = map(int, hm.split(":"))
    local = dt.datetime.combine(day, dt.time(h, m), tzinfo=AMS)
    return local.astimezone(UTC).replace(tzinfo=None)


def activities(out, n, now, today, rng):
    w = Writer(os.path.join(out, "professionalisation.sql"))
    cols = ("id, owner, kind, title, description, audiences, sectors, capacity, "
            "enrolment_open_time, enrolment_close_time, cancellation_deadline, hours_centis, "
            "approval_required, series_id, series_cap, required_sessions, first_start, last_end, "
            "version, create_time, update_time")
    scols = ("activity_id, session_id, position, title, local_date, local_start, local_end, "
             "start_time, end_time, location_id, location_name, city, online, room")
    for i in range(n):
        aid = "vol-activity-%04d" % i
        day = today + dt.timedelta(days=rng.randint(-180, 365))
        hm_start, hm_end = rng.choice([("09:00", "12:00"), ("13:30", "17:00"), ("15:30", "17:30"),
                                       ("19:30", "21:00")])
        start, stop = amsterdam_utc(day, hm_start), amsterdam_utc(day, hm_end)
        deadline = amsterdam_utc(day, "00:00")
        audiences = ",".join(sorted(rng.sample(AUDIENCES, rng.randint(1, 3)), key=AUDIENCES.index))
        loc = rng.choice(LOCATIONS)
        online = rng.random() < 0.15
        w.row("activities", cols, (
            aid, rng.choice(OWNERS), rng.randint(1, 12), "Activiteit %04d (volume)" % i,
            "Gegenereerde activiteit voor bench/volume.sh.", audiences,
            rng.choice(["", "VO", "VO,MBO", "VO,VSO,MBO"]), rng.randint(10, 60),
            start - dt.timedelta(days=60), start, deadline, rng.choice([150, 300, 600]), False,
            "", 0, 0, start, stop, 1, now, now))
        w.row("activity_sessions", scols, (
            aid, "s1", 0, "", day, hm_start, hm_end, start, stop,
            None if online else loc[0], "" if online else loc[1], "" if online else loc[2],
            online, "Teams" if online else ""))
        w.row("activity_themes", "activity_id, theme, position", (aid, rng.choice(THEMES), 0))
    w.close()


def vacancies(out, n, now, today, rng):
    w = Writer(os.path.join(out, "vacancies.sql"))
    cols = ("id, school_id, title, subjects, degree, sector, fte_centis, contract_type, "
            "salary_scale, salary_min_eur, salary_max_eur, start_date, closing_date, expire_time, "
            "description, description_format, how_to_apply, application_url, status, "
            "publish_time, close_time, version, create_time, update_time")
    w.raw("SELECT last_seq INTO @base FROM vacancy_feed_state WHERE id = 1 FOR UPDATE;")
    rows = []
    for i in range(n):
        publish = now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 60))
        rows.append((publish, i))
    rows.sort()
    for seq, (publish, i) in enumerate(rows, start=1):
        vid = "vol-vacancy-%05d" % i
        school, sector = rng.choice(VACANCY_SCHOOLS)
        subject = rng.choice(SUBJECTS)
        closing = today + dt.timedelta(days=rng.randint(10, 120))
        expire = dt.datetime.combine(closing + dt.timedelta(days=1), dt.time(0, 0), tzinfo=AMS) \
            .astimezone(UTC).replace(tzinfo=None)
        w.row("vacancies", cols, (
            vid, school, "Docent %s (volume %05d)" % (subject, i), subject, rng.choice([1, 2]),
            sector, rng.choice([40, 60, 80, 100]), rng.choice([1, 2, 3]), "LC", 3900, 5800,
            closing + dt.timedelta(days=30), closing, expire,
            "Gegenereerde vacature voor bench/volume.sh.", 1, "Mail de school (volume).", "", 2,
            publish, None, 1, publish, publish))
        w.row("vacancy_subjects", "vacancy_id, subject", (vid, subject))
    w.flush()
    # The feed: one "published" change (kind 1) per vacancy, in publish order.
    batch = []
    for seq, (publish, i) in enumerate(rows, start=1):
        batch.append("(@base + %d, 'vol-vacancy-%05d', 1, %s)" % (seq, i, q(publish)))
        if len(batch) == BATCH:
            w.raw("INSERT INTO vacancy_changes (seq, vacancy_id, kind, change_time) VALUES\n"
                  + ",\n".join(batch) + ";")
            batch = []
    if batch:
        w.raw("INSERT INTO vacancy_changes (seq, vacancy_id, kind, change_time) VALUES\n"
              + ",\n".join(batch) + ";")
    w.raw("UPDATE vacancy_feed_state SET last_seq = @base + %d WHERE id = 1;" % len(rows))
    w.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--starters", type=int, default=10000)
    ap.add_argument("--bookings", type=int, default=100000)
    ap.add_argument("--activities", type=int, default=3000)
    ap.add_argument("--vacancies", type=int, default=10000)
    ap.add_argument("--bench-starters", type=int, default=60)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    now = dt.datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    today = now.date()
    bench_starters(a.out, a.bench_starters, now, today)
    n = starters_and_bookings(a.out, a.starters, a.bookings, now, today, rng)
    activities(a.out, a.activities, now, today, rng)
    vacancies(a.out, a.vacancies, now, today, rng)
    print("generated: %d starters, %d bookings, %d activities, %d vacancies, %d bench starters"
          % (a.starters, n, a.activities, a.vacancies, a.bench_starters))


if __name__ == "__main__":
    main()
