-- HR tracking counts a starter's coaching sessions and lesson visits by kind,
-- state and programme year and looks for the next confirmed booking (issue 11).
-- With this index those counts read the index alone instead of every entry row
-- (EXPLAIN: "Using index"); bench/hr_tracking.sh measures it.
ALTER TABLE calendar_entries
  ADD KEY ix_entries_starter_tracking
    (starter_id, kind, state, programme_year, late_cancellation, start_time);
