-- Stored answers keep no secrets and no personal data: an answer that holds a code (a resume code, voting codes) or
-- a person's application is kept as a note of how to make it again (`redo` = 1), and each answer names what it is
-- about (`resource`), so erasing an application removes the answers about it too.
ALTER TABLE idempotency_keys ADD COLUMN resource TEXT;
ALTER TABLE idempotency_keys ADD COLUMN redo INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idempotency_keys_by_resource ON idempotency_keys (resource) WHERE resource IS NOT NULL;

-- Answers kept before this version that hold codes, file names or applications go now (secure_delete overwrites
-- them); a retry of one of those requests within the day is taken as a new request.
DELETE FROM idempotency_keys
WHERE (scope LIKE 'POST /v1/quickscans/%/drafts')
   OR (scope LIKE 'POST /v1/admin/polls/%/codes')
   OR (scope LIKE 'POST /v1/admin/challenge-forms/%/submissions/%/status')
   OR (scope LIKE 'POST /v1/challenge-forms/%/attachments');
