-- Progress on the seven subgoals: every measurement is kept, so the badge can show change
-- and the back office can export the history.

CREATE TABLE municipalities (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE progress_measurements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    subgoal         INTEGER NOT NULL CHECK (subgoal BETWEEN 1 AND 7),
    status          TEXT NOT NULL CHECK (status IN ('not_started', 'explored', 'in_progress', 'embedded')),
    note            TEXT,
    evidence_url    TEXT,
    measured_on     TEXT NOT NULL,    -- YYYY-MM-DD
    recorded_at     INTEGER NOT NULL  -- unix seconds
);

CREATE INDEX progress_by_subgoal ON progress_measurements (municipality_id, subgoal, measured_on, id);
