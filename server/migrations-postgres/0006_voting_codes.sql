-- PostgreSQL version of migrations/0006_voting_codes.sql. `used` is an INTEGER (0 or 1), as in SQLite, so the
-- stores' counts (SUM(used)) and claims (used = 0) are the same SQL on both.

ALTER TABLE polls ADD COLUMN requires_code BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE poll_codes (
    poll_id    TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, code_hash)
);
