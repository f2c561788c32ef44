-- vinex schema v1: raw pages, crawl frontier, cleaned articles, runs and facts.
CREATE SEQUENCE page_id_seq START 1;
CREATE SEQUENCE article_id_seq START 1;
CREATE SEQUENCE run_id_seq START 1;

-- One row per URL, as fetched (body kept raw, never re-encoded).
CREATE TABLE pages (
    page_id        BIGINT PRIMARY KEY DEFAULT nextval('page_id_seq'),
    url            VARCHAR NOT NULL UNIQUE,
    final_url      VARCHAR,
    status         INTEGER,
    error          VARCHAR,
    content_type   VARCHAR,
    charset        VARCHAR,
    fetched_at     TIMESTAMPTZ NOT NULL,
    etag           VARCHAR,
    last_modified  VARCHAR,
    content_sha256 VARCHAR,
    body           BLOB,
    depth          INTEGER,
    kind           VARCHAR          -- page | sitemap | feed | robots
);

-- The crawl frontier lives in the database, so a killed crawl resumes.
CREATE TABLE frontier (
    url           VARCHAR PRIMARY KEY,
    host          VARCHAR NOT NULL,
    depth         INTEGER NOT NULL,
    kind          VARCHAR NOT NULL,  -- page | sitemap | feed
    state         VARCHAR NOT NULL,  -- queued | done | failed
    discovered_at TIMESTAMPTZ NOT NULL,
    referrer      VARCHAR
);

CREATE TABLE articles (
    article_id      BIGINT PRIMARY KEY DEFAULT nextval('article_id_seq'),
    page_id         BIGINT,
    url             VARCHAR NOT NULL UNIQUE,
    title           VARCHAR,
    published_at    TIMESTAMPTZ,
    byline          VARCHAR,
    lead            VARCHAR,
    text            VARCHAR NOT NULL,   -- title + lead + body paragraphs
    captions        VARCHAR[],
    fact_text       VARCHAR NOT NULL,   -- text + captions: evidence offsets index this
    content_sha256  VARCHAR,
    cleaner_version VARCHAR NOT NULL,
    cleaned_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE runs (
    run_id             BIGINT PRIMARY KEY DEFAULT nextval('run_id_seq'),
    started_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ,
    vinex_version      VARCHAR NOT NULL,
    extractor_versions VARCHAR NOT NULL,  -- JSON object {kind: "kind.vN"}
    settings           VARCHAR,           -- JSON
    command            VARCHAR,
    status             VARCHAR NOT NULL   -- running | done | failed
);

-- Which articles a run has extracted (so re-running is idempotent).
CREATE TABLE article_runs (
    article_id BIGINT NOT NULL,
    run_id     BIGINT NOT NULL,
    error      VARCHAR,
    PRIMARY KEY (article_id, run_id)
);

CREATE TABLE localities (
    article_id BIGINT NOT NULL, run_id BIGINT NOT NULL,
    extractor VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    name VARCHAR NOT NULL, kind VARCHAR NOT NULL, province VARCHAR,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL, sentence VARCHAR
);

CREATE TABLE congresses (
    article_id BIGINT NOT NULL, run_id BIGINT NOT NULL,
    extractor VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    organization VARCHAR NOT NULL, locality VARCHAR, ordinal INTEGER,
    term_start INTEGER, term_end INTEGER,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL, sentence VARCHAR
);

CREATE TABLE officials (
    article_id BIGINT NOT NULL, run_id BIGINT NOT NULL,
    extractor VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    name VARCHAR NOT NULL, titles VARCHAR[] NOT NULL,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL, sentence VARCHAR
);

CREATE TABLE targets (
    article_id BIGINT NOT NULL, run_id BIGINT NOT NULL,
    extractor VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    indicator VARCHAR, value DOUBLE NOT NULL, unit VARCHAR NOT NULL, target_value DOUBLE,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL, sentence VARCHAR
);

CREATE TABLE awards (
    article_id BIGINT NOT NULL, run_id BIGINT NOT NULL,
    extractor VARCHAR NOT NULL, extractor_version VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, issuer VARCHAR, collectives INTEGER, individuals INTEGER,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL, sentence VARCHAR
);
