-- The audit log (SPEC §10): who — the OS user and host — did what, when: imports,
-- plans, overrides, rate-book versions, restores. Rows are only ever added.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL, -- Unix milliseconds
    host      TEXT    NOT NULL,
    user_name TEXT    NOT NULL,
    action    TEXT    NOT NULL, -- import orders, plan, override, rate book, restore …
    detail    TEXT    NOT NULL  -- one line: the file, the counts, the order
) STRICT;
CREATE INDEX audit_at ON audit (at);
