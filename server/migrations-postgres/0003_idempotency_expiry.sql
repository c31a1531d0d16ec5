-- Stored answers are purged after a day; this index keeps that purge cheap.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
