-- What a publish writes, made smaller (docs/benchmarks.md, "The ledger's write path alone").
--
-- No query reads the ledger by tenant (rows are found by target, by a platform's id, or by account among the
-- unsure), yet every ledger move wrote an entry into this index: the moves cannot be HOT updates, since each changes
-- an indexed column or the state the unsure index's predicate reads. Three entries per published post.
drop index if exists publish_ledger_tenant;

-- An attempt row is inserted before its platform call and updated once when the call is settled, changing no indexed
-- column: with room left on its page, that update is a HOT update and writes no index entry.
alter table publish_attempt set (fillfactor = 70);
