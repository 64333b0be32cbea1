-- Issue 14: every Facebook Page token is inspected (debug_token) once a day, spread over the day: each account has
-- its own time of day, first chosen at random when it is connected (here: for the Pages already connected).
ALTER TABLE social_accounts ADD COLUMN health_due_at timestamptz;
ALTER TABLE social_accounts ADD COLUMN health_checked_at timestamptz;
UPDATE social_accounts SET health_due_at = now() + random() * interval '1 day'
  WHERE platform = 'FACEBOOK' AND status = 'ACTIVE';
CREATE INDEX social_accounts_health_due_idx ON social_accounts (health_due_at)
  WHERE status = 'ACTIVE' AND platform = 'FACEBOOK';
