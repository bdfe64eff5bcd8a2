-- CancelActivity: an activity that will not take place stays, marked cancelled,
-- with why (its participants were told by e-mail).
ALTER TABLE activities
  ADD COLUMN cancel_time DATETIME(6) NULL,
  ADD COLUMN cancel_reason VARCHAR(1000) NOT NULL DEFAULT '';
