-- name: delivery ledger: sends the database tracks (agenda reminders, poll results)
CREATE TABLE delivery_ledger (
    ref TEXT PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    method TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'unknown', 'failed', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    at_utc TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX delivery_ledger_age ON delivery_ledger(state, at_utc)
