-- Polls, their options with running counts, and one row per vote for integrity.
-- Counts live on the options so that reading results costs O(options), not O(votes).

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE polls (
    id          TEXT PRIMARY KEY,
    question    TEXT NOT NULL,
    description TEXT,
    choice      TEXT NOT NULL CHECK (choice IN ('single', 'multiple')),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1),
    opens_at    INTEGER,          -- unix seconds, UTC
    closes_at   INTEGER,          -- unix seconds, UTC
    results     TEXT NOT NULL CHECK (results IN ('after_vote', 'after_close', 'never')),
    voters      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE poll_options (
    poll_id  TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    votes    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, id)
);

-- No IP address, no user agent: only a keyed hash of the random id the browser keeps.
CREATE TABLE votes (
    poll_id    TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    voter_hash TEXT NOT NULL,
    choices    TEXT NOT NULL,     -- JSON array of option ids
    cast_at    INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter_hash)
);

-- A retried POST with the same key gets the stored answer instead of a second write.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,   -- method and path
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
