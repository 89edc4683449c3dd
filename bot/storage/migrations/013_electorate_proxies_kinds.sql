-- name: polls: electorate, proxies, kinds, decisions
-- The voting units of a vote and the roster rows that vote for each, as they were when the
-- vote opened (roster changes afterwards do not change an open vote).
ALTER TABLE polls ADD COLUMN electorate_fixed INTEGER NOT NULL DEFAULT 0;
-- What a vote is: raadpleging, bestuursmandaat or alv-voorstemming (NULL: older polls, scans).
ALTER TABLE polls ADD COLUMN purpose TEXT;
-- A closed vote's review date (decision register) and the agenda item made for it.
ALTER TABLE polls ADD COLUMN review_date TEXT;
ALTER TABLE polls ADD COLUMN review_meeting_id INTEGER;
CREATE TABLE poll_electorate (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    unit_key TEXT NOT NULL,
    label TEXT NOT NULL,
    agb TEXT,
    pharmacy_names_json TEXT NOT NULL,
    PRIMARY KEY (poll_id, unit_key)
);
CREATE TABLE poll_electorate_members (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    unit_key TEXT NOT NULL,
    member_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (poll_id, member_id, unit_key)
);
CREATE INDEX poll_electorate_members_unit ON poll_electorate_members(poll_id, unit_key);
-- Proxies (volmachten): a unit's vote on one poll entrusted to another member.
CREATE TABLE poll_proxies (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    unit_key TEXT NOT NULL,
    grantor_member_id INTEGER NOT NULL,
    holder_member_id INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    revoked_utc TEXT,
    revoked_reason TEXT
);
CREATE UNIQUE INDEX poll_proxies_active ON poll_proxies(poll_id, unit_key)
    WHERE revoked_utc IS NULL;
CREATE INDEX poll_proxies_holder ON poll_proxies(poll_id, holder_member_id);
ALTER TABLE votes ADD COLUMN proxy_id INTEGER REFERENCES poll_proxies(id);
-- How many proxies one member may hold per vote (0: no proxies).
ALTER TABLE organisations ADD COLUMN proxy_cap INTEGER NOT NULL DEFAULT 1;
