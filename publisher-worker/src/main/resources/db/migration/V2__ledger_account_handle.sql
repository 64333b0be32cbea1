-- The TikTok creator's username (from creator_info), to build the post's public URL once TikTok gives its id.
alter table publish_ledger add column account_handle text;
