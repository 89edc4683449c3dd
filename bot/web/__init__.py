"""The board's dashboard as a Telegram Mini App and the live calendar feed (issue 13)."""
