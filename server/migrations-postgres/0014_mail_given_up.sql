-- PostgreSQL version of migrations/0014_mail_given_up.sql: a mail that cannot be delivered is given up.
ALTER TABLE challenge_mails ADD COLUMN given_up_at BIGINT; -- unix seconds

DROP INDEX challenge_mails_due;
CREATE INDEX challenge_mails_due ON challenge_mails (next_attempt_ms) WHERE sent_at IS NULL AND given_up_at IS NULL;
