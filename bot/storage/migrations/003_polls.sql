-- name: polls: organisations, roster, votes
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    voting_unit TEXT NOT NULL DEFAULT 'apotheek',
    created_utc TEXT NOT NULL
);
CREATE TABLE organisation_chats (
    chat_id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    linked_utc TEXT NOT NULL
);
CREATE INDEX organisation_chats_org ON organisation_chats(org_id);
CREATE TABLE pharmacies (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    agb TEXT,
    created_utc TEXT NOT NULL,
    UNIQUE (org_id, name_key)
);
CREATE UNIQUE INDEX pharmacies_org_agb ON pharmacies(org_id, agb) WHERE agb IS NOT NULL;
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    pharmacy_id INTEGER REFERENCES pharmacies(id),
    user_id INTEGER,
    username_key TEXT,
    display_name TEXT,
    requested_pharmacy TEXT,
    requested_agb TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    source TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    decided_utc TEXT,
    decided_by INTEGER
);
CREATE INDEX members_org_user ON members(org_id, user_id);
CREATE INDEX members_username ON members(username_key);
CREATE INDEX members_pharmacy ON members(pharmacy_id);
CREATE TABLE polls (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    options_json TEXT NOT NULL,
    unit TEXT NOT NULL,
    quorum TEXT,
    threshold TEXT,
    secret INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    message_id INTEGER,
    created_by INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    closes_utc TEXT,
    reminder_leads_json TEXT NOT NULL DEFAULT '[]',
    closed_utc TEXT,
    closed_by INTEGER,
    result_json TEXT,
    result_posted_utc TEXT,
    outcome TEXT,
    outcome_by INTEGER,
    outcome_utc TEXT
);
CREATE INDEX polls_org ON polls(org_id, id);
CREATE INDEX polls_open ON polls(closed_utc);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    unit_key TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    user_id INTEGER NOT NULL,
    choice_json TEXT NOT NULL,
    cast_utc TEXT NOT NULL
);
CREATE INDEX votes_poll_unit ON votes(poll_id, unit_key, id);
CREATE TABLE vote_reasons (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    user_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    given_utc TEXT NOT NULL,
    PRIMARY KEY (poll_id, user_id)
);
CREATE TABLE scan_answers (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    user_id INTEGER NOT NULL,
    statement_key TEXT NOT NULL,
    score INTEGER NOT NULL,
    answered_utc TEXT NOT NULL,
    PRIMARY KEY (poll_id, user_id, statement_key)
);
CREATE TABLE poll_reminders (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    lead_seconds INTEGER NOT NULL,
    done_utc TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (poll_id, lead_seconds)
);
CREATE TABLE poll_conversations (
    user_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state_json TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
