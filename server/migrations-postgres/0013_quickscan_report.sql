-- PostgreSQL version of migrations/0013_quickscan_report.sql (the same statement).
-- The quick scan's questionnaire in versions: a round may ask a new version of the themes and statements (a changed
-- statement is a new statement, with a new id), so earlier rounds keep what they asked and stay comparable on the
-- statements rounds share. NULL: the round asks the questionnaire in the scan's definition, as every round made
-- before this migration does, so existing rounds and responses stay as they were.
-- The theme's open questions and the improvement priorities need no columns: they are part of the questionnaire and
-- of a response's answers (JSON); scans made before ask neither.

ALTER TABLE quickscan_rounds ADD COLUMN themes TEXT;   -- JSON array of themes, or NULL
