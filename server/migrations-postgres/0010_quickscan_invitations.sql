-- PostgreSQL version of migrations/0010_quickscan_invitations.sql (`used` an INTEGER, 0 or 1, as in SQLite).
-- Invitation codes per role for the quick scan: a scan may let a role (the council, the college, the civil service)
-- answer only with a single-use code of that role. Like voting codes, only a keyed hash of each code is kept, its
-- round and role, and whether it was used: not when, and not which response it made, so a list of who got which
-- code cannot be joined to anyone's answers. Without a rowid the rows are kept in the order of their hashes, which
-- says nothing about the order in which codes were made or used.
-- Which roles need a code, and each role's minimum group, are part of the scan's definition (JSON); scans made
-- before have neither, so every role stays open and one minimum holds for all.

CREATE TABLE quickscan_invitations (
    scan_id    TEXT NOT NULL,
    round_id   TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('inwoner', 'raadslid', 'collegelid', 'ambtenaar', 'anders')),
    used       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scan_id, code_hash),
    FOREIGN KEY (scan_id, round_id) REFERENCES quickscan_rounds (scan_id, id) ON DELETE CASCADE
);
