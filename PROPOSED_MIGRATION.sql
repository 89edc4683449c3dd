-- Proposed storage migration for issue 11 (agenda domain). Not applied: storage is being split
-- into a package by another helper; this is what the agenda domain needs from it.
-- All moments are ISO-8601 UTC text, like the existing columns.

-- 1. Meetings: end, all-day, zone of the series, calendar source.
--    `recurrence` already holds the RRULE value; the domain stores it normalised
--    (bot.agenda.recurrence.normalize_rrule), so no change there.
ALTER TABLE agenda_meetings ADD COLUMN end_utc TEXT;           -- end of the first occurrence; NULL = group default length
ALTER TABLE agenda_meetings ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1));
ALTER TABLE agenda_meetings ADD COLUMN tzid TEXT;              -- zone whose wall clock repeats; NULL = the bot's zone
ALTER TABLE agenda_meetings ADD COLUMN source TEXT;            -- CalendarFile.source of an imported meeting; NULL for typed ones
CREATE INDEX agenda_meetings_source ON agenda_meetings(chat_id, source) WHERE source IS NOT NULL;

-- 2. Exceptions of a series, keyed by the original start (RECURRENCE-ID):
--    kind 'cancelled' = EXDATE ("alleen deze keer" geannuleerd),
--    kind 'moved'     = override with a new start (and optionally end/title/location).
CREATE TABLE agenda_occurrence_changes (
    meeting_id INTEGER NOT NULL REFERENCES agenda_meetings(id) ON DELETE CASCADE,
    recurrence_id_utc TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved')),
    start_utc TEXT,                -- required for 'moved'
    end_utc TEXT,
    title TEXT,
    location TEXT,
    created_by INTEGER,
    created_utc TEXT NOT NULL,
    PRIMARY KEY (meeting_id, recurrence_id_utc),
    CHECK (kind = 'cancelled' OR start_utc IS NOT NULL)
);

-- 3. Group default meeting length (read_meeting(default_duration=...), export_ics(default_duration=...)).
ALTER TABLE agenda_settings ADD COLUMN default_minutes INTEGER CHECK (default_minutes BETWEEN 5 AND 1440);
