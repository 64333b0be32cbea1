-- Issue 14: a TikTok account is shown by its creator's display name (in social_accounts.name, as before) and avatar,
-- both read from TikTok's user info at connect and again whenever the refresh loop renews the token.
ALTER TABLE social_accounts ADD COLUMN avatar_url varchar(2048);
