-- Facebook Reels, Stories and first comments (issue 14): the steps of one target, each committed once.
--
-- step        how far a READY row's unpublished object got before the call that can go public: 'UPLOADED' once
--             the video bytes of a Reel or video Story were accepted for object_id (a retry resumes at finish)
alter table publish_ledger add column step text;

-- The first comment, a step of its own on a SENT row (the post is public; the comment never re-posts it).
-- comment_state: PENDING (to send), SENDING (a call on its way or its answer lost: look before sending again),
-- PUBLISHED, FAILED, UNKNOWN. comment_started_at: when the newest comment call began (the search window).
alter table publish_ledger add column comment_state text;
alter table publish_ledger add column comment_id text;
alter table publish_ledger add column comment_error text;
alter table publish_ledger add column comment_started_at timestamptz;
alter table publish_ledger add column comment_tries integer not null default 0;
alter table publish_ledger add constraint publish_ledger_comment_state
  check (comment_state in ('PENDING', 'SENDING', 'PUBLISHED', 'FAILED', 'UNKNOWN'));
