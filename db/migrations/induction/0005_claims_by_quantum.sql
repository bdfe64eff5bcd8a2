-- Time claims guard nothing once their time has passed (every calendar write is
-- in the future), yet every claim of every past session stayed: 1.5 million
-- rows at 100,000 bookings. The claim pruner (services/induction/claim_pruner.h)
-- deletes the claims of sessions that ended a week ago, oldest first, in
-- batches of 1,000 through this index, on every replica.
ALTER TABLE time_claims ADD KEY ix_claims_quantum (quantum);
