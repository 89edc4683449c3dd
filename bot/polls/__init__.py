"""Voting domain: mandate votes, quick polls, the maturity scan, rosters and exports.

Plain Python with no Telegram and no SQL, so that the handlers and storage stay thin and the
rules that decide whether a board has a mandate can be tested exhaustively.
"""
