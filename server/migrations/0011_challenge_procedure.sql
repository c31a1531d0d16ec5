-- Uitdaagrecht by the rules: the Awb procedure's statuses (a request to complete the application, which suspends
-- the decision term; not considered; withdrawn) and the queue of e-mails to applicants.
--
-- SQLite cannot change a CHECK constraint in place, so challenge_submissions is rebuilt: a new table, the rows
-- copied, the old one dropped and the new one renamed. sqlx runs every migration in a transaction, where foreign
-- keys cannot be turned off, so dropping the old table deletes the attachments and deliveries that refer to it
-- (ON DELETE CASCADE): they are copied aside first and put back after, in the same transaction, which commits all
-- of it or nothing. Every stored application keeps its reference, status, dates and body; forms need no change
-- here (their JSON gets the new settings' defaults when it is read, which match what the form did before).
CREATE TEMP TABLE kept_attachments AS SELECT * FROM challenge_attachments WHERE reference IS NOT NULL;
CREATE TEMP TABLE kept_deliveries AS SELECT * FROM challenge_deliveries;

CREATE TABLE challenge_submissions_new (
    form_id        TEXT NOT NULL REFERENCES challenge_forms (id) ON DELETE CASCADE,
    reference      TEXT NOT NULL,
    year           INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    body           TEXT NOT NULL,
    email          TEXT NOT NULL,
    estimate_cents INTEGER NOT NULL,
    budget_cents   INTEGER NOT NULL,
    status         TEXT NOT NULL DEFAULT 'ontvangen'
                   CHECK (status IN ('ontvangen', 'in_behandeling', 'aanvulling_gevraagd', 'besluit_genomen',
                                     'buiten_behandeling', 'ingetrokken')),
    outcome        TEXT CHECK (outcome IN ('toegekend', 'afgewezen')),
    note           TEXT,
    submitted_at   INTEGER NOT NULL,
    submitted_on   TEXT NOT NULL,
    decision_by    TEXT NOT NULL,    -- YYYY-MM-DD: the decision date, moved on by each suspension that ended
    purge_after    INTEGER NOT NULL,
    status_changed_at INTEGER NOT NULL,
    -- The open request to complete the application: since when the decision term is suspended (YYYY-MM-DD, in the
    -- Netherlands), the last day to answer and what is missing. NULL when there is none.
    suspended_since    TEXT,
    supplement_due     TEXT,
    supplement_missing TEXT,
    -- Days the decision term was suspended by requests that ended (already counted in decision_by).
    suspended_days     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (form_id, reference),
    UNIQUE (form_id, year, number)
);

INSERT INTO challenge_submissions_new (form_id, reference, year, number, body, email, estimate_cents, budget_cents,
    status, outcome, note, submitted_at, submitted_on, decision_by, purge_after, status_changed_at)
SELECT form_id, reference, year, number, body, email, estimate_cents, budget_cents,
    status, outcome, note, submitted_at, submitted_on, decision_by, purge_after, status_changed_at
FROM challenge_submissions;

DROP TABLE challenge_submissions;
ALTER TABLE challenge_submissions_new RENAME TO challenge_submissions;

INSERT INTO challenge_attachments SELECT * FROM kept_attachments WHERE id NOT IN (SELECT id FROM challenge_attachments);
INSERT INTO challenge_deliveries SELECT * FROM kept_deliveries
    WHERE (form_id, reference) NOT IN (SELECT form_id, reference FROM challenge_deliveries);
DROP TABLE kept_attachments;
DROP TABLE kept_deliveries;

CREATE INDEX challenge_submissions_by_email ON challenge_submissions (email);
CREATE INDEX challenge_submissions_by_purge ON challenge_submissions (purge_after);

-- E-mails to applicants (the acknowledgement of receipt, Awb 4:3a, and status changes where the form says so),
-- written in the transaction that stores the application or the change and sent by a worker with retries, so a
-- mail server that is down never delays or loses an application. The recipient and text hold personal data: they
-- are emptied once the mail is sent, and the row goes with its application (erasure, retention).
CREATE TABLE challenge_mails (
    id              INTEGER PRIMARY KEY,
    form_id         TEXT NOT NULL,
    reference       TEXT NOT NULL,
    kind            TEXT NOT NULL,     -- ontvangst, or the status it announces
    message_id      TEXT NOT NULL UNIQUE, -- the Message-ID, the same on every attempt
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,  -- unix milliseconds
    sent_at         INTEGER,           -- unix seconds, NULL until the mail server accepted it
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    FOREIGN KEY (form_id, reference) REFERENCES challenge_submissions (form_id, reference) ON DELETE CASCADE
);

CREATE INDEX challenge_mails_due ON challenge_mails (next_attempt_ms) WHERE sent_at IS NULL;
CREATE INDEX challenge_mails_by_submission ON challenge_mails (form_id, reference);

