"""Getting messages to Telegram and updates from it: retries, the send ledger, webhook mode,
and updates handled exactly once across crashes and restarts.

Telegram re-sends every update whose offset was not confirmed (a later `getUpdates` with a
higher offset); PTB's own Updater confirms a batch while it is still being handled. Here:

- `polling.InboxPoller` asks `getUpdates` itself and `intake.take_in` stores every received
  update in the inbox table, in one transaction, before the next `getUpdates` confirms it; only
  then does the update go on the Application's `update_queue`;
- `handling.begin_update` (the first handler) skips an update that is done already and tells
  storage which update is being handled, so the transaction of its effect also marks it done
  (`bot.storage.handling`); `handling.InboxUpdateProcessor` marks done an update that wrote
  nothing, once every handler has finished with it;
- `recovery.recover` handles, at start-up, stored updates that were never finished, before
  overdue polls are closed and before polling starts (`runner`), and prunes done rows later.

The rules and their one gap (an effect committed whose reply was not yet sent is not repeated)
are in the README, "Delivery guarantees".
"""
