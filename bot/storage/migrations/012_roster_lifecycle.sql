-- name: polls: roster removal, withdrawn votes, roster replacements, private reminder messages
-- A removed pharmacy keeps its row (closed results and exports still name it); its name key
-- and AGB code are moved aside so that a pharmacy of the same name or code can be added again.
ALTER TABLE pharmacies ADD COLUMN removed_utc TEXT;
ALTER TABLE pharmacies ADD COLUMN removed_by INTEGER;
ALTER TABLE pharmacies ADD COLUMN removed_agb TEXT;
-- A vote the board withdrew: closed without a result, kept for the audit trail.
ALTER TABLE polls ADD COLUMN withdrawn_utc TEXT;
ALTER TABLE polls ADD COLUMN withdrawn_by INTEGER;
ALTER TABLE polls ADD COLUMN withdrawn_by_name TEXT;
-- An import in "vervang" mode waits here for the board's confirmation (entries_json NULL:
-- /leden vervang waits for the file).
CREATE TABLE roster_replacements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id INTEGER NOT NULL,
    entries_json TEXT,
    removals_json TEXT NOT NULL DEFAULT '[]',
    created_utc TEXT NOT NULL,
    done_utc TEXT
);
CREATE INDEX roster_replacements_user ON roster_replacements(org_id, user_id, done_utc);
-- Private reminders as sent, so they can be edited when their text stops being true.
CREATE TABLE poll_reminder_messages (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    user_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    unit_keys_json TEXT NOT NULL,
    unit_label TEXT NOT NULL,
    shown TEXT NOT NULL,
    sent_utc TEXT NOT NULL,
    PRIMARY KEY (poll_id, user_id, message_id)
);
