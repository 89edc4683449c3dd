"""An offline stand-in for the Telegram Bot API, for tests, the demo and manual checks."""
