-- A mail to an applicant that cannot be delivered is given up instead of retried for ever: the mail server refused
-- it for good (a 5xx reply, such as an unknown mailbox), or it was not delivered within three days. Its recipient
-- and text are emptied as on delivery, and the back office shows the handler that the applicant has to be told
-- another way. NULL: still being sent, or sent.
ALTER TABLE challenge_mails ADD COLUMN given_up_at INTEGER; -- unix seconds

DROP INDEX challenge_mails_due;
CREATE INDEX challenge_mails_due ON challenge_mails (next_attempt_ms) WHERE sent_at IS NULL AND given_up_at IS NULL;
