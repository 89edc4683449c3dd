"""Getting messages to Telegram and updates from it: retries, the send ledger, webhook mode."""
