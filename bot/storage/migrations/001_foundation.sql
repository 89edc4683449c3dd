-- name: foundation
CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT,
    first_seen_utc TEXT NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    username TEXT,
    started_private INTEGER NOT NULL DEFAULT 0,
    updated_utc TEXT NOT NULL
);
