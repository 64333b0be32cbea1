-- A target may publish its own text, link and media instead of its post's (TikTok's caption limits and Facebook's
-- differ): null = the post's. An empty text or link, or an empty media list, means none for that target.
alter table post_targets add column text text;
alter table post_targets add column link text;
alter table post_targets add column media jsonb;

-- What became of the target's Facebook first comment ({"status", "id", "error"}), as the worker reported it with
-- the target's final result; null while none was asked for or reported.
alter table post_targets add column first_comment jsonb;
