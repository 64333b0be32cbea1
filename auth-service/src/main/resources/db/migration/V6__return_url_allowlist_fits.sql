-- The allowlist holds up to ReturnUrls.MAX_ORIGINS origins of up to MAX_ORIGIN_LENGTH characters, joined by spaces:
-- 20 x 200 + 19 = 4,019 characters, more than varchar(4000) took (a full allowlist was a 500). The request's
-- validation bounds it; the column does not need to.
ALTER TABLE tenants ALTER COLUMN return_url_allowlist TYPE text;
