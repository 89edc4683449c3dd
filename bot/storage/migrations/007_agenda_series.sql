-- name: agenda: series, ends, occurrences
-- Meetings keep their end, whether only the date is meant, the zone whose wall clock a
-- series repeats in (NULL = the bot's zone) and the calendar an imported meeting came from
-- (NULL for typed ones). `recurrence` already holds the normalised RRULE value.
ALTER TABLE agenda_meetings ADD COLUMN end_utc TEXT;
ALTER TABLE agenda_meetings ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1));
ALTER TABLE agenda_meetings ADD COLUMN tzid TEXT;
ALTER TABLE agenda_meetings ADD COLUMN source TEXT;
CREATE INDEX agenda_meetings_source ON agenda_meetings(chat_id, source) WHERE source IS NOT NULL;
-- Exceptions of a series, keyed by the original start (RECURRENCE-ID): 'cancelled' is an
-- EXDATE (cancelled for this one time only), 'moved' an override with a new start.
CREATE TABLE agenda_occurrence_changes (
    meeting_id INTEGER NOT NULL REFERENCES agenda_meetings(id) ON DELETE CASCADE,
    recurrence_id_utc TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved')),
    start_utc TEXT,
    end_utc TEXT,
    title TEXT,
    location TEXT,
    created_by INTEGER,
    created_utc TEXT NOT NULL,
    PRIMARY KEY (meeting_id, recurrence_id_utc),
    CHECK (kind = 'cancelled' OR start_utc IS NOT NULL)
);
-- Per group: the meeting length when none is typed, and whether reminders are posted in the
-- group itself (linked groups share one agenda, each group chooses).
ALTER TABLE agenda_settings ADD COLUMN default_minutes INTEGER CHECK (default_minutes BETWEEN 5 AND 1440);
ALTER TABLE agenda_settings ADD COLUMN post_reminders INTEGER NOT NULL DEFAULT 1 CHECK (post_reminders IN (0, 1));
