#!/usr/bin/env bash
# Consistent online backup of the bot's SQLite database (safe while the bot runs, WAL mode).
set -euo pipefail
DB="${RAO_BOT_DB:-/var/lib/rao-bot/rao-bot.sqlite3}"
OUT="${1:-/var/backups/rao-bot/rao-bot-$(date +%Y%m%d-%H%M%S).sqlite3}"
mkdir -p "$(dirname "$OUT")"
python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()" "$DB" "$OUT"
echo "backup written to $OUT"
