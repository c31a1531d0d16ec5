-- The back office: named accounts with a role instead of one shared token, their login sessions, and the audit trail.
-- Passwords are argon2id hashes (PHC strings); tokens and session ids are stored only as keyed hashes, so a copy of
-- the database logs no one in.

-- An account's id names it in the API's paths (its name may be a person's, and paths end up in logs).
CREATE TABLE accounts (
    name          TEXT PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('beheerder', 'redacteur', 'behandelaar')),
    password_hash TEXT NOT NULL,
    token_hash    TEXT UNIQUE,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE admin_sessions (
    id_hash    TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX admin_sessions_account ON admin_sessions (account);

-- Who did what to what, and when; kept as long as the database (the AVG's accountability), never changed.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after  TEXT
);
