-- Content-hash duplicates are looked up at every group commit of a crawl
-- (pipeline/crawl_writes.mark_duplicates): without an index that is a scan of every stored
-- page (≈ 60 ms at a million pages), with it a few index probes.
CREATE INDEX IF NOT EXISTS pages_content_sha256 ON pages (content_sha256);
