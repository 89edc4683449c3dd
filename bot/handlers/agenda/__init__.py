"""Telegram adapters for meetings, milestone schedules, following and calendar files."""
