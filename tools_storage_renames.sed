# Renames for the split of bot/storage.py into the bot/storage/ package: every call
# `<storage>.method(` becomes `<storage>.<repository>.method(`.
#
# Apply (GNU sed, extended regexps) to every Python file outside bot/storage/:
#   sed -E -i -f tools_storage_renames.sed \
#       $(git ls-files 'bot/*.py' 'tests/*.py' 'bench/*.py' | grep -v '^bot/storage/')
#
# The receiver is anchored as well as the method, because several names are also used on other
# objects (`proc.poll()` on a Popen, `self.scan_answers(poll)` in the polls service). A receiver
# is any name ending in `store` or `storage`, optionally `_of` and one call with a plain name as
# argument: storage, self.storage, services.storage, store, storage(context), storage_of(world).
# Re-running is harmless: after a rewrite the method's receiver is the repository, which no rule
# matches. Calls on another name (e.g. `again.migrate()`) need a hand edit.
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.add_agenda_meeting\b/\1.agenda.add_agenda_meeting/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_chats\b/\1.agenda.agenda_chats/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_followers\b/\1.agenda.agenda_followers/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_leads\b/\1.agenda.agenda_leads/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_meeting\b/\1.agenda.agenda_meeting/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_meetings\b/\1.agenda.agenda_meetings/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_reminder_counts\b/\1.agenda.agenda_reminder_counts/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.agenda_reminders\b/\1.agenda.agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.cancel_agenda_meeting\b/\1.agenda.cancel_agenda_meeting/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.claim_agenda_reminders\b/\1.agenda.claim_agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.finish_agenda_reminders\b/\1.agenda.finish_agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.follow_agenda\b/\1.agenda.follow_agenda/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.followed_agendas\b/\1.agenda.followed_agendas/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.pending_agenda_due_moments\b/\1.agenda.pending_agenda_due_moments/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.pending_agenda_reminders\b/\1.agenda.pending_agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.release_agenda_reminders\b/\1.agenda.release_agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.schedule_subscriptions\b/\1.agenda.schedule_subscriptions/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_agenda_leads\b/\1.agenda.set_agenda_leads/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.subscribe_schedule\b/\1.agenda.subscribe_schedule/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.sync_agenda_reminders\b/\1.agenda.sync_agenda_reminders/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.unfollow_agenda\b/\1.agenda.unfollow_agenda/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.unsubscribe_schedule\b/\1.agenda.unsubscribe_schedule/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.upsert_agenda_meetings\b/\1.agenda.upsert_agenda_meetings/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.group_chats\b/\1.chats.group_chats/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.has_started\b/\1.chats.has_started/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.remember_chat\b/\1.chats.remember_chat/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.remember_user\b/\1.chats.remember_user/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.migrate\b/\1.db.migrate/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.schema_versions\b/\1.db.schema_versions/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.transaction\b/\1.db.transaction/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.claim_guard_warning\b/\1.knowledge.claim_guard_warning/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.guard_state\b/\1.knowledge.guard_state/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_guard\b/\1.knowledge.set_guard/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.create_link_code\b/\1.orgs.create_link_code/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.ensure_organisation\b/\1.orgs.ensure_organisation/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.link_chat\b/\1.orgs.link_chat/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.member_organisations\b/\1.orgs.member_organisations/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.organisation\b/\1.orgs.organisation/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.organisation_for_chat\b/\1.orgs.organisation_for_chat/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.organisations\b/\1.orgs.organisations/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_voting_unit\b/\1.orgs.set_voting_unit/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.unlink_chat\b/\1.orgs.unlink_chat/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.claim_reminder\b/\1.polls.claim_reminder/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.clear_conversation\b/\1.polls.clear_conversation/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.close_poll\b/\1.polls.close_poll/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.closing_changes\b/\1.polls.closing_changes/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.conversation\b/\1.polls.conversation/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.conversation_user_ids\b/\1.polls.conversation_user_ids/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.create_poll\b/\1.polls.create_poll/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.mark_result_posted\b/\1.polls.mark_result_posted/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.move_poll_closing\b/\1.polls.move_poll_closing/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.open_polls\b/\1.polls.open_polls/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.org_polls\b/\1.polls.org_polls/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.poll\b/\1.polls.poll/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.previous_scan\b/\1.polls.previous_scan/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.reminders_done\b/\1.polls.reminders_done/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_conversation\b/\1.polls.set_conversation/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_outcome\b/\1.polls.set_outcome/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_poll_closes\b/\1.polls.set_poll_closes/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_poll_message\b/\1.polls.set_poll_message/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.store_result\b/\1.polls.store_result/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.unposted_results\b/\1.polls.unposted_results/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.update_poll_text\b/\1.polls.update_poll_text/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.decide_membership\b/\1.roster.decide_membership/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.find_pharmacy\b/\1.roster.find_pharmacy/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.import_roster\b/\1.roster.import_roster/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.link_username\b/\1.roster.link_username/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.member\b/\1.roster.member/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.members\b/\1.roster.members/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.memberships\b/\1.roster.memberships/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.pharmacies\b/\1.roster.pharmacies/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.request_membership\b/\1.roster.request_membership/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.voting_units\b/\1.roster.voting_units/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.cast_vote\b/\1.votes.cast_vote/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.current_votes\b/\1.votes.current_votes/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.reasons\b/\1.votes.reasons/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.save_scan_answer\b/\1.votes.save_scan_answer/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.scan_answers\b/\1.votes.scan_answers/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.set_reason\b/\1.votes.set_reason/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.vote_count\b/\1.votes.vote_count/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.vote_events\b/\1.votes.vote_events/g
s/\b([A-Za-z_]*stor(e|age)(_of)?(\([A-Za-z_]*\))?)\.voted_user_ids\b/\1.votes.voted_user_ids/g
