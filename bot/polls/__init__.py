"""Voting domain: mandate votes, quick polls, the maturity scan, rosters and exports.

Plain Python with no Telegram and no SQL, so that the handlers and storage stay thin and the
rules that decide whether a board has a mandate can be tested exhaustively.

Handlers and jobs reach it through `context.polls` (`runtime.PollsRuntime`):
- `votes` (`service.PollService`): create, vote, answer the scan, edit, move, close, reminders;
- `results` (`results.ResultService`): counts, turnout, reminder targets, export data;
- `roster` (`roster_service.RosterService`): registration, approval, import, voting units;
- `orgs` (`orgs_service.OrgService`): organisations, link codes, linking groups;
- `conversations` (`conversation_store.Conversations`): the private conversations' states.
The decisions are pure functions: `voting` (what a press does, who votes for which unit),
`roster_rules`, `linking`, `conversations` (the guided flows), `tally`, `maturity`, `rules`,
`nudges` (what a private reminder says now); texts and files are made by `render` and `export`.
"""
