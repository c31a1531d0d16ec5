-- PostgreSQL version of migrations/0005_challenges.sql (BIGINT for INTEGER, BYTEA for BLOB).
-- Right to Challenge (Uitdaagrecht): forms per municipality, applications with their attachments, the reference
-- counter per form and year, and webhook deliveries kept until the receiver acknowledges them.
-- Personal data lives only in challenge_submissions (and the files in challenge_attachments); no IP address,
-- no user agent. Deleting a submission deletes its attachments and deliveries with it.

CREATE TABLE challenge_forms (
    id            TEXT PRIMARY KEY,
    config        TEXT NOT NULL,     -- JSON of the public form (ChallengeForm)
    webhook_url   TEXT,
    webhook_token TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The last reference number handed out per form and year: incremented inside the transaction that stores the
-- submission, so a rolled-back submission gives its number back and no two submissions share one.
CREATE TABLE challenge_counters (
    form_id TEXT NOT NULL REFERENCES challenge_forms (id) ON DELETE CASCADE,
    year    BIGINT NOT NULL,
    last    BIGINT NOT NULL,
    PRIMARY KEY (form_id, year)
);

CREATE TABLE challenge_submissions (
    form_id        TEXT NOT NULL REFERENCES challenge_forms (id) ON DELETE CASCADE,
    reference      TEXT NOT NULL,    -- UR-2026-0042
    year           BIGINT NOT NULL,
    number         BIGINT NOT NULL,
    body           TEXT NOT NULL,    -- JSON of the normalised ChallengeSubmission
    email          TEXT NOT NULL,    -- lower case, to find one person's data (AVG)
    estimate_cents BIGINT NOT NULL,
    budget_cents   BIGINT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'ontvangen'
                   CHECK (status IN ('ontvangen', 'in_behandeling', 'besluit_genomen')),
    outcome        TEXT CHECK (outcome IN ('toegekend', 'afgewezen')),
    note           TEXT,
    submitted_at   BIGINT NOT NULL, -- unix seconds
    submitted_on   TEXT NOT NULL,    -- YYYY-MM-DD in the Netherlands
    decision_by    TEXT NOT NULL,    -- YYYY-MM-DD
    purge_after    BIGINT NOT NULL, -- unix seconds: submitted_at plus the form's retention period
    status_changed_at BIGINT NOT NULL,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY, -- the order they came in (SQLite's rowid)
    PRIMARY KEY (form_id, reference),
    UNIQUE (form_id, year, number)
);

CREATE INDEX challenge_submissions_by_email ON challenge_submissions (email);
CREATE INDEX challenge_submissions_by_purge ON challenge_submissions (purge_after);

-- Uploaded before the application is sent; linked to it on submit. Unlinked ones are purged after a day.
CREATE TABLE challenge_attachments (
    id           TEXT PRIMARY KEY,   -- 32 random hex digits
    form_id      TEXT NOT NULL REFERENCES challenge_forms (id) ON DELETE CASCADE,
    reference    TEXT,               -- NULL until an application refers to it
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    FOREIGN KEY (form_id, reference) REFERENCES challenge_submissions (form_id, reference) ON DELETE CASCADE
);

CREATE INDEX challenge_attachments_unlinked ON challenge_attachments (created_at) WHERE reference IS NULL;
CREATE INDEX challenge_attachments_by_submission ON challenge_attachments (form_id, reference);

-- One row per submission to deliver; the worker posts due rows and backs off exponentially until a 2xx.
CREATE TABLE challenge_deliveries (
    form_id         TEXT NOT NULL,
    reference       TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,  -- unix milliseconds
    delivered_at    BIGINT,           -- unix seconds, NULL until acknowledged
    last_error      TEXT,
    PRIMARY KEY (form_id, reference),
    FOREIGN KEY (form_id, reference) REFERENCES challenge_submissions (form_id, reference) ON DELETE CASCADE
);

CREATE INDEX challenge_deliveries_due ON challenge_deliveries (next_attempt_ms) WHERE delivered_at IS NULL;

-- The attachments' bytes. SQLite keeps them in a file of their own beside the database (db.rs); on PostgreSQL they
-- are in this table of the one database every server shares (challenge_attachments.content stays empty).
CREATE TABLE attachment_files (
    id         TEXT PRIMARY KEY,
    content    BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
