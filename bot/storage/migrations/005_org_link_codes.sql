-- name: polls: one-time codes that link more groups to an organisation
CREATE TABLE organisation_link_codes (
    code TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    created_chat INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    used_utc TEXT,
    used_chat INTEGER,
    used_by INTEGER
);
