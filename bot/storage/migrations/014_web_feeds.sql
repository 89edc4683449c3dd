-- name: web: the secret of each organisation's calendar feed (one live secret per organisation)
CREATE TABLE web_feeds (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    secret TEXT NOT NULL UNIQUE,
    created_utc TEXT NOT NULL,
    created_by INTEGER
)
