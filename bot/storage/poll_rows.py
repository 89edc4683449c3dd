"""A `polls` row as a `PollRecord` (shared by the repositories that load polls)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from bot.polls import records as pr
from bot.polls.purpose import purpose_of
from bot.storage.db import from_iso


def poll_from_row(row: sqlite3.Row) -> pr.PollRecord:
    return pr.PollRecord(
        id=row["id"],
        org_id=row["org_id"],
        kind=pr.StoredKind(row["kind"]),
        question=row["question"],
        options=tuple(json.loads(row["options_json"])),
        unit=pr.VotingUnit(row["unit"]),
        quorum=pr.share_from_text(row["quorum"]),
        threshold=pr.share_from_text(row["threshold"]),
        secret=bool(row["secret"]),
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        created_by=row["created_by"],
        created_utc=from_iso(row["created_utc"]),
        closes_utc=from_iso(row["closes_utc"]) if row["closes_utc"] else None,
        reminder_leads=tuple(json.loads(row["reminder_leads_json"])),
        closed_utc=from_iso(row["closed_utc"]) if row["closed_utc"] else None,
        result=json.loads(row["result_json"]) if row["result_json"] else None,
        result_posted=row["result_posted_utc"] is not None,
        outcome=row["outcome"],
        electorate_fixed=bool(row["electorate_fixed"]),
        purpose=purpose_of(row["purpose"]),
        review_date=date.fromisoformat(row["review_date"]) if row["review_date"] else None,
        review_meeting_id=row["review_meeting_id"],
        withdrawn_utc=from_iso(row["withdrawn_utc"]) if row["withdrawn_utc"] else None,
        withdrawn_by_label=row["withdrawn_by_name"],
    )
