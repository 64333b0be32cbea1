-- Issue 14: TikTok pulls photos (and PULL_FROM_URL videos) only from a domain or URL prefix verified for the app in
-- TikTok's developer portal. Each TikTok account records the prefixes its tenant verified, so content-service can
-- refuse, at create time, a photo URL TikTok would refuse later (url_ownership_unverified). Empty: not stated.
ALTER TABLE social_accounts ADD COLUMN verified_url_prefixes jsonb NOT NULL DEFAULT '[]';
