// What the stories hand to each other: the coach's note that HR must never
// see, and the time shift that gives the coach a session of Noor's that has
// started (only then can it be marked held).

import { sql } from "./harness.mjs";

// Written by coach Ilse in 02-coach; searched for on every HR screen in 03-hr.
export const coachNoteText = "Vertrouwelijk-7Q4: Noor twijfelt of ze blijft; afgesproken dat we het werkrooster samen bekijken.";

// Noor's sessions with Ilse that are still planned and start within two weeks,
// soonest first (the demo's bdemo-noor-3, or what 01-starter left planned).
export function plannedSessionsOfNoor() {
  return sql(
    "induction",
    `SELECT id FROM calendar_entries WHERE kind = 1 AND starter_id = 'starter-noor' AND coach_id = 'coach-ilse'
       AND state = 1 AND start_time > UTC_TIMESTAMP() AND start_time < UTC_TIMESTAMP() + INTERVAL 14 DAY
     ORDER BY start_time`,
  ).split("\n").filter(Boolean);
}

// "A session that has started": moves Noor's booking `id` with Ilse so that
// it began ten to fifteen minutes ago (45 minutes long, on 5-minute
// boundaries), planned again if 01-starter cancelled it, with its time claims
// moved along. What a real day does by waiting.
export function shiftSessionToJustStarted(id) {
  sql(
    "induction",
    `SET @start = UTC_TIMESTAMP() - INTERVAL 10 MINUTE;
     SET @start = TIMESTAMP(DATE(@start), SEC_TO_TIME(FLOOR(TIME_TO_SEC(TIME(@start)) / 300) * 300));
     UPDATE calendar_entries SET start_time = @start, end_time = @start + INTERVAL 45 MINUTE, state = 1,
       late_cancellation = FALSE, cancel_reason = '', cancelled_by = NULL,
       sequence = sequence + 1, version = version + 1, update_time = UTC_TIMESTAMP(6)
     WHERE id = '${id}' AND starter_id = 'starter-noor' AND coach_id = 'coach-ilse';
     DELETE FROM time_claims WHERE entry_id = '${id}';
     INSERT IGNORE INTO time_claims (person_id, quantum, entry_id)
       SELECT p.person_id, e.start_time + INTERVAL q.n * 5 MINUTE, e.id
       FROM calendar_entries e JOIN entry_participants p ON p.entry_id = e.id
       JOIN (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL
             SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) q
       WHERE e.id = '${id}';`,
  );
}

// Console errors other than the 401 of asking who is signed in before anyone is
// (`page.errors.filter(beforeSignIn)`).
export function beforeSignIn(error) {
  return !error.includes("status of 401");
}
