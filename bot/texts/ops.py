"""Dutch texts for operators: /status and error reports."""

from __future__ import annotations

import html

CMD_STATUS = "Technische status van de bot (beheerders)"
OPERATOR_ONLY = "Dit kan alleen de beheerder van de bot."


def duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} u"
    if hours:
        return f"{hours} u {mins} min"
    return f"{mins} min"


def status(
    *,
    version: str,
    uptime: str,
    database_mb: float,
    jobs: int,
    pending_reminders: int,
    open_polls: int,
    errors: int,
    last_error: str | None,
) -> str:
    lines = [
        "<b>Status van de bot</b>",
        f"Versie: {html.escape(version)}",
        f"Draait sinds: {uptime}",
        f"Database: {database_mb:.1f} MB",
        f"Geplande taken: {jobs}",
        f"Herinneringen in de wachtrij: {pending_reminders}",
        f"Open stemmingen: {open_polls}",
        f"Fouten sinds de start: {errors}",
    ]
    if last_error:
        lines.append(f"Laatste fout: {html.escape(last_error)}")
    return "\n".join(lines)


def error_report(summary: str, update_json: str, traceback_tail: str) -> str:
    """Sent to RAO_BOT_ERROR_CHAT; every part is escaped and already redacted."""
    return (
        f"⚠️ <b>Fout in de bot</b>\n{html.escape(summary)}\n\n"
        f"<b>Update</b>\n<pre>{html.escape(update_json)}</pre>\n"
        f"<b>Traceback (einde)</b>\n<pre>{html.escape(traceback_tail)}</pre>"
    )
