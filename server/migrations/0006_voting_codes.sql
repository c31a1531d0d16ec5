-- Voting codes: a poll may require one of the single-use codes the municipality prints and hands out.
-- Only a keyed hash of each code is kept, and whether it was used; not when, and not which vote it made, so a
-- list of who got which code cannot be joined to how anyone voted.

ALTER TABLE polls ADD COLUMN requires_code INTEGER NOT NULL DEFAULT 0;

CREATE TABLE poll_codes (
    poll_id    TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, code_hash)
) WITHOUT ROWID;
