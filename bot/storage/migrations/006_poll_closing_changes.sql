-- name: polls: moved closing times
CREATE TABLE poll_closing_changes (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    old_closes_utc TEXT,
    new_closes_utc TEXT NOT NULL,
    changed_by INTEGER NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_utc TEXT NOT NULL
);
