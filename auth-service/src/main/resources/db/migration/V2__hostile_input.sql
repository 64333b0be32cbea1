-- Issue 12 (hostile tenants and hostile input).

-- Where the connect flow may send the browser back to: exact origins ("https://app.example.com"), per tenant.
ALTER TABLE tenants ADD COLUMN return_url_allowlist varchar(4000) NOT NULL DEFAULT '';

-- An email logs in to one account (at most one ACTIVE user per email), but an invitation may name an email that is
-- active elsewhere: the inviter gets the same answer either way. Within a tenant an email appears once.
DROP INDEX users_email_uk;
CREATE UNIQUE INDEX users_active_email_uk ON users (email) WHERE status = 'ACTIVE';
CREATE UNIQUE INDEX users_tenant_email_uk ON users (tenant_id, email);
CREATE INDEX users_email_idx ON users (email);

-- TikTok refreshes run without a row lock across the call to TikTok: a short committed lease keeps refreshes of
-- one account apart, and token_version (bumped whenever the token pair changes) makes storing the new pair a
-- compare-and-set.
ALTER TABLE social_accounts ADD COLUMN token_version bigint NOT NULL DEFAULT 0;
ALTER TABLE social_accounts ADD COLUMN refresh_lease_owner uuid;
ALTER TABLE social_accounts ADD COLUMN refresh_lease_until timestamptz;
