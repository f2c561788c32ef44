-- Crawler v2: why a URL was skipped or failed, the date its source gave it, listing
-- pagination hops, interrupted attempts (kill -9 safety), and content-hash duplicates.
ALTER TABLE frontier ADD COLUMN reason VARCHAR;          -- skipped (trap, --since) or failed: why
ALTER TABLE frontier ADD COLUMN lastmod TIMESTAMPTZ;     -- sitemap lastmod / feed pubDate / listing date
ALTER TABLE frontier ADD COLUMN pagination INTEGER DEFAULT 0;  -- next-page hops from the first listing page
ALTER TABLE frontier ADD COLUMN attempts INTEGER DEFAULT 0;    -- runs that started fetching it
ALTER TABLE pages ADD COLUMN duplicate_of VARCHAR;       -- URL whose body has the same SHA-256 (body not stored twice)
ALTER TABLE pages ADD COLUMN attempts INTEGER;           -- HTTP attempts of the last fetch
