-- name: updates: inbox for exactly-once handling
-- Every update received from Telegram is stored here before its offset is confirmed.
-- done_utc is set in the same transaction as the update's effect (outcome 'effect'), or after
-- handling when it wrote nothing ('handled'), or when start-up gave up on it ('abandoned').
-- The payload (the update's JSON) is cleared once the update is done: only ids and times are
-- kept until pruning, which is enough to recognise a re-delivered update.
CREATE TABLE update_inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT,
    received_utc TEXT NOT NULL,
    done_utc TEXT,
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX update_inbox_unfinished ON update_inbox(update_id) WHERE done_utc IS NULL;
CREATE INDEX update_inbox_received ON update_inbox(received_utc);
