-- Quick scans lokale democratie: the questionnaire as created, its rounds, anonymous responses with their scores
-- per theme (for aggregation in SQL), and drafts kept for a resume code.

CREATE TABLE quickscans (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,     -- JSON: title, description, themes, custom_questions, grades
    min_group   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL   -- unix seconds
);

CREATE TABLE quickscan_rounds (
    scan_id    TEXT NOT NULL REFERENCES quickscans (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    opened_at  INTEGER NOT NULL,
    closed_at  INTEGER,
    PRIMARY KEY (scan_id, id)
);

-- At most one open round per scan.
CREATE UNIQUE INDEX quickscan_one_open_round ON quickscan_rounds (scan_id) WHERE closed_at IS NULL;

-- No time of day, no address, no agent: the date and the answers only.
CREATE TABLE quickscan_responses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id       TEXT NOT NULL,
    round_id      TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('inwoner', 'raadslid', 'collegelid', 'ambtenaar', 'anders')),
    submitted_on  TEXT NOT NULL,   -- YYYY-MM-DD
    answers       TEXT NOT NULL,   -- JSON, as submitted and validated
    FOREIGN KEY (scan_id, round_id) REFERENCES quickscan_rounds (scan_id, id) ON DELETE CASCADE
);

CREATE INDEX quickscan_responses_by_round ON quickscan_responses (scan_id, round_id, role);

CREATE TABLE quickscan_scores (
    response_id  INTEGER NOT NULL REFERENCES quickscan_responses (id) ON DELETE CASCADE,
    theme_id     TEXT NOT NULL,
    score        REAL,             -- mean on the 1-5 scale; NULL when nothing counted
    grade        INTEGER,
    PRIMARY KEY (response_id, theme_id)
);

CREATE TABLE quickscan_drafts (
    code_hash   TEXT PRIMARY KEY,  -- keyed hash of the resume code; the code itself is not stored
    scan_id     TEXT NOT NULL REFERENCES quickscans (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,     -- JSON SaveDraft
    expires_at  INTEGER NOT NULL
);
