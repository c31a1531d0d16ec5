-- PostgreSQL version of migrations/0012_poll_context.sql (BIGINT for INTEGER, BYTEA for BLOB).
-- Poll context (issue 17): what happens with the result, who may vote, what was done with it after the close, how
-- the Dutch texts address residents; per option a description, a link and an image. Every column is optional, so
-- the polls stored before stay as they were.

ALTER TABLE polls ADD COLUMN outcome_kind TEXT CHECK (outcome_kind IN ('advisory', 'binding'));
ALTER TABLE polls ADD COLUMN outcome_decided_by TEXT;
ALTER TABLE polls ADD COLUMN outcome_published_on TEXT;     -- YYYY-MM-DD
ALTER TABLE polls ADD COLUMN outcome_published_where TEXT;
ALTER TABLE polls ADD COLUMN eligibility TEXT;
ALTER TABLE polls ADD COLUMN feedback TEXT;
ALTER TABLE polls ADD COLUMN address TEXT NOT NULL DEFAULT 'je' CHECK (address IN ('je', 'u'));

ALTER TABLE poll_options ADD COLUMN description TEXT;
ALTER TABLE poll_options ADD COLUMN link TEXT;
ALTER TABLE poll_options ADD COLUMN image_hash TEXT;         -- poll_images.hash
ALTER TABLE poll_options ADD COLUMN image_alt TEXT;

-- The images of options, in the database itself so that every server on one database serves the same bytes. Kept
-- by the SHA-256 of their bytes: the same image uploaded twice is stored once, and its URL never changes meaning.
CREATE TABLE poll_images (
    hash         TEXT PRIMARY KEY,  -- SHA-256 of content, 64 hex digits
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
    width        BIGINT NOT NULL CHECK (width > 0),
    height       BIGINT NOT NULL CHECK (height > 0),
    content      BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
