-- Crawler v3: failures grouped by kind, article-pattern matches, and --max-pages counted
-- across interrupted runs of one crawl.
--
-- pages.error is "<kind>: <message>" (timeout, connection, too-large, encoding, redirect,
-- http-status, robots, scope, interrupted: see pipeline/errors.py); failure_kind is the kind
-- alone. Rows written before this migration get the kind their old message implies.
ALTER TABLE pages ADD COLUMN failure_kind VARCHAR;
ALTER TABLE pages ADD COLUMN article_profile VARCHAR;     -- site profile whose article_urls match the URL
ALTER TABLE frontier ADD COLUMN article_profile VARCHAR;  -- (queued first within a host; nothing filtered)

UPDATE pages SET failure_kind = CASE
        WHEN error LIKE '%timeout%' THEN 'timeout'
        WHEN error LIKE 'connection error%' THEN 'connection'
        WHEN error LIKE 'too large%' THEN 'too-large'
        WHEN error LIKE 'corrupt %' OR error LIKE 'unsupported content-encoding%' THEN 'encoding'
        WHEN error LIKE 'redirect%' OR error LIKE 'more than % redirects' THEN 'redirect'
        WHEN error LIKE 'disallowed by robots.txt%' OR error LIKE 'robots.txt unreachable%' THEN 'robots'
        WHEN error LIKE 'given up%' THEN 'interrupted'
        WHEN error LIKE 'HTTP %' THEN 'http-status'
        ELSE 'scope' END
    WHERE error IS NOT NULL;

-- One crawl of a set of seeds: the URLs it finished, over all its runs. A run that ends
-- normally closes it; a killed run leaves it open and the next run of the same seeds resumes it.
CREATE SEQUENCE crawl_pass_id_seq START 1;
CREATE TABLE crawl_passes (
    pass_id     BIGINT PRIMARY KEY DEFAULT nextval('crawl_pass_id_seq'),
    seeds       VARCHAR NOT NULL,            -- JSON list of the normalised seed URLs
    pages       INTEGER NOT NULL DEFAULT 0,  -- frontier URLs finished (counted against --max-pages)
    runs        INTEGER NOT NULL DEFAULT 1,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

-- Failures of the crawl by kind, e.g. SELECT * FROM crawl_failures ORDER BY urls DESC.
CREATE VIEW crawl_failures AS
    SELECT failure_kind, count(*) AS urls, min(error) AS example
    FROM pages WHERE failure_kind IS NOT NULL GROUP BY failure_kind;
