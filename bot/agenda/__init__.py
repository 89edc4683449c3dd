"""Agenda domain: milestone schedules, meetings, reminder times and .ics files (no Telegram)."""
