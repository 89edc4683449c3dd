"""Telegram adapters for votes, roster, organisations and the maturity scan."""
