-- Views a researcher wants first: facts of the latest run per article, with the
-- article's URL, title and date.
CREATE VIEW latest_runs AS
    SELECT article_id, max(run_id) AS run_id FROM article_runs GROUP BY article_id;

CREATE VIEW officials_v AS
    SELECT o.name, o.titles, a.title AS article_title, a.url, a.published_at,
           o.evidence_text, o.sentence, o.extractor_version, o.run_id, o.article_id
    FROM officials o JOIN latest_runs l USING (article_id, run_id)
    JOIN articles a USING (article_id);

CREATE VIEW congresses_v AS
    SELECT c.organization, c.locality, c.ordinal, c.term_start, c.term_end,
           a.title AS article_title, a.url, a.published_at, c.evidence_text,
           c.extractor_version, c.run_id, c.article_id
    FROM congresses c JOIN latest_runs l USING (article_id, run_id)
    JOIN articles a USING (article_id);

CREATE VIEW targets_v AS
    SELECT t.indicator, t.value, t.unit, t.target_value, a.title AS article_title, a.url,
           a.published_at, t.evidence_text, t.sentence, t.extractor_version, t.run_id, t.article_id
    FROM targets t JOIN latest_runs l USING (article_id, run_id)
    JOIN articles a USING (article_id);

CREATE VIEW awards_v AS
    SELECT w.kind, w.issuer, w.collectives, w.individuals, a.title AS article_title, a.url,
           a.published_at, w.evidence_text, w.extractor_version, w.run_id, w.article_id
    FROM awards w JOIN latest_runs l USING (article_id, run_id)
    JOIN articles a USING (article_id);

CREATE VIEW localities_v AS
    SELECT g.name, g.kind, g.province, a.title AS article_title, a.url, a.published_at,
           g.evidence_text, g.extractor_version, g.run_id, g.article_id
    FROM localities g JOIN latest_runs l USING (article_id, run_id)
    JOIN articles a USING (article_id);

-- One row per official per article, with every title seen across articles.
CREATE VIEW official_careers AS
    SELECT name, count(DISTINCT article_id) AS articles,
           list_distinct(flatten(list(titles))) AS titles,
           min(published_at) AS first_seen, max(published_at) AS last_seen
    FROM officials_v GROUP BY name;
