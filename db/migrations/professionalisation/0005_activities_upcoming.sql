-- Activity search pages in (first_start, id) order and by default lists what has
-- not ended (last_end > now; sessions lie within [first_start, last_end]). With
-- last_end in the index that gives the order, a page walks the index, skips the
-- activities that ended with an index condition and reads only the rows it
-- returns, instead of reading every past activity's row on the way (3,033
-- activities: a first page 2.8 -> 0.2 ms, the session filter no longer a scan
-- of every session). It replaces ix_activities_first_start (its prefix) and
-- ix_activities_start (last_end first: no query used it).
ALTER TABLE activities
  DROP KEY ix_activities_first_start,
  DROP KEY ix_activities_start,
  ADD KEY ix_activities_upcoming (first_start, id, last_end);
