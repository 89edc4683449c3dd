-- name: knowledge: unanswered questions, ratings, compliance log
-- Questions the bot could not answer, kept without the asker: the text, when, and where (the
-- group it was asked in, or the asker's organisation for a private question), never who.
CREATE TABLE knowledge_questions (
    id INTEGER PRIMARY KEY,
    asked_utc TEXT NOT NULL,
    text TEXT NOT NULL,
    normalized TEXT NOT NULL,
    chat_id INTEGER,
    org_id INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('none', 'suggest')),
    suggested TEXT NOT NULL DEFAULT '',
    tapped_utc TEXT
);
CREATE INDEX knowledge_questions_chat ON knowledge_questions(chat_id, asked_utc);
CREATE INDEX knowledge_questions_org ON knowledge_questions(org_id, asked_utc);
-- One rating per member per entry; a changed rating replaces the old one.
CREATE TABLE knowledge_ratings (
    entry_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    rated_utc TEXT NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);
-- Who was warned by the guard lately: kept only as long as the quiet period lasts.
CREATE TABLE guard_warnings (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    warned_utc TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
-- The compliance log: signal, rule and time per risky message, never the sender; the text
-- only in groups whose board turned that on.
CREATE TABLE guard_log (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    logged_utc TEXT NOT NULL,
    signal TEXT NOT NULL,
    rule TEXT,
    text TEXT,
    warned INTEGER NOT NULL
);
CREATE INDEX guard_log_chat ON guard_log(chat_id, logged_utc);
ALTER TABLE chat_settings ADD COLUMN guard_log_text INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_settings ADD COLUMN reminder_line INTEGER NOT NULL DEFAULT 0;
