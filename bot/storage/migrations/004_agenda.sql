-- name: agenda: meetings, schedule subscriptions, followers, reminders
CREATE TABLE agenda_settings (
    chat_id INTEGER PRIMARY KEY,
    leads TEXT,
    updated_utc TEXT NOT NULL
);
CREATE TABLE agenda_meetings (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    title TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    location TEXT,
    description TEXT,
    recurrence TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('chat', 'ics')),
    created_by INTEGER,
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    cancelled_utc TEXT,
    UNIQUE (chat_id, uid)
);
CREATE INDEX agenda_meetings_chat ON agenda_meetings(chat_id, start_utc);
CREATE TABLE agenda_subscriptions (
    chat_id INTEGER NOT NULL,
    schedule_id TEXT NOT NULL,
    created_by INTEGER,
    created_utc TEXT NOT NULL,
    PRIMARY KEY (chat_id, schedule_id)
);
CREATE TABLE agenda_followers (
    user_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    PRIMARY KEY (user_id, chat_id)
);
CREATE INDEX agenda_followers_chat ON agenda_followers(chat_id);
CREATE TABLE agenda_reminders (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    target_chat INTEGER NOT NULL,
    event_uid TEXT NOT NULL,
    occurrence_utc TEXT NOT NULL,
    lead TEXT NOT NULL,
    due_utc TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN
        ('pending', 'sending', 'sent', 'skipped', 'failed', 'cancelled')),
    late INTEGER NOT NULL DEFAULT 0,
    claimed_utc TEXT,
    sent_utc TEXT,
    note TEXT,
    UNIQUE (chat_id, target_chat, event_uid, occurrence_utc, lead)
);
CREATE INDEX agenda_reminders_pending ON agenda_reminders(due_utc)
    WHERE state = 'pending';
CREATE INDEX agenda_reminders_chat ON agenda_reminders(chat_id, state, occurrence_utc);
