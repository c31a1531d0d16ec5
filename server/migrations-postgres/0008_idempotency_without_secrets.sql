-- PostgreSQL version of migrations/0008_idempotency_without_secrets.sql (a new database holds no old answers, so
-- there is nothing to delete).
ALTER TABLE idempotency_keys ADD COLUMN resource TEXT;
ALTER TABLE idempotency_keys ADD COLUMN redo BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX idempotency_keys_by_resource ON idempotency_keys (resource) WHERE resource IS NOT NULL;
