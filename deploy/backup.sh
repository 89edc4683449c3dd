#!/usr/bin/env bash
# Consistent online backup of the bot's SQLite database (safe while the bot runs, WAL mode).
# Usage: deploy/backup.sh [target file]   (RAO_BOT_DB names the database, as for the bot)
set -euo pipefail
OUT="${1:-/var/backups/rao-bot/rao-bot-$(date +%Y%m%d-%H%M%S).sqlite3}"
exec rao-bot backup "$OUT"
