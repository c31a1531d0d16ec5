-- PostgreSQL version of migrations/0001_polls.sql (the same numbered history; see docs/server.md). Types are
-- PostgreSQL's: BIGINT for SQLite's INTEGER where Rust reads an i64, BOOLEAN where it reads a bool.

-- SQLite's functions that the stores' shared SQL uses, so most statements are written once for both databases:
-- unixepoch() (seconds now), json_each(text) over a JSON array (its elements as text, in order) and
-- json_extract(text, '$[N]') (one element of a JSON array, as text), instr(text, text) (where one text is in
-- another, from 1; 0 when it is not).
CREATE FUNCTION unixepoch() RETURNS BIGINT LANGUAGE sql STABLE AS $$ SELECT extract(epoch FROM now())::BIGINT $$;

CREATE FUNCTION json_each(doc TEXT) RETURNS TABLE (value TEXT) LANGUAGE sql IMMUTABLE
AS $$ SELECT e #>> '{}' FROM jsonb_array_elements(doc::jsonb) AS e $$;

CREATE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE
AS $$ SELECT doc::jsonb #>> ARRAY[substring(path FROM '^\$\[(\d+)\]$')] $$;

CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE
AS $$ SELECT strpos(haystack, needle)::BIGINT $$;

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE polls (
    id          TEXT PRIMARY KEY,
    question    TEXT NOT NULL,
    description TEXT,
    choice      TEXT NOT NULL CHECK (choice IN ('single', 'multiple')),
    max_choices BIGINT NOT NULL CHECK (max_choices >= 1),
    opens_at    BIGINT,           -- unix seconds, UTC
    closes_at   BIGINT,           -- unix seconds, UTC
    results     TEXT NOT NULL CHECK (results IN ('after_vote', 'after_close', 'never')),
    voters      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE poll_options (
    poll_id  TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    position BIGINT NOT NULL,
    label    TEXT NOT NULL,
    votes    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, id)
);

-- No IP address, no user agent: only a keyed hash of the random id the browser keeps.
CREATE TABLE votes (
    poll_id    TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    voter_hash TEXT NOT NULL,
    choices    TEXT NOT NULL,     -- JSON array of option ids
    cast_at    BIGINT NOT NULL,
    PRIMARY KEY (poll_id, voter_hash)
);

-- A retried POST with the same key gets the stored answer instead of a second write.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,   -- method and path
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       BIGINT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
