-- name: knowledge guard
CREATE TABLE chat_settings (
    chat_id INTEGER PRIMARY KEY,
    guard_enabled INTEGER NOT NULL DEFAULT 1,
    guard_last_warned_utc TEXT
);
