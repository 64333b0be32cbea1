-- The result a settled edit or delete repeats to every later copy of its job (issue 14): PUBLISHED for DONE,
-- UNKNOWN_OUTCOME for UNKNOWN, and for FAILED either FAILED or NEEDS_REAUTH (the platform refused the Page's token
-- or a permission: the account was reported as needing a reconnect), as the publish ledger's final_outcome.
alter table post_operations add column final_outcome text;
update post_operations set final_outcome = case state
    when 'DONE' then 'PUBLISHED' when 'FAILED' then 'FAILED' when 'UNKNOWN' then 'UNKNOWN_OUTCOME' end
  where state in ('DONE', 'FAILED', 'UNKNOWN');
