"""Escalation: levels per clock sent once each (a unique key per ticket, clock and level), and manual
escalation by staff or the customer with a reason.

Once-only holds under concurrency and crashes: the escalation row (unique key) is the outbox. The
sweep only inserts it; a second sweep racing for the same level fails on the key. After commit a job
(`escalation_delivery.deliver_pending`, also run every minute as a safety net) composes the e-mails and desk notifications
of every row not yet sent, under a row lock, and marks it sent in the same transaction as the Email
Queue rows: a crash anywhere leaves either nothing or everything, never a second e-mail. Composing
e-mail is most of the cost of an escalation, so the sweep's own work stays small."""

from __future__ import annotations

import json

import frappe
from frappe import _

from hezo_service.core import messages
from hezo_service.core.portal.text import plain_text
from hezo_service.core.tickets.policy import COMPUTED_COLUMNS
from hezo_service.services.common import customer_messages
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.tickets import clocks as clock_service
from hezo_service.services.tickets.escalation_delivery import deliver_pending
from hezo_service.services.tickets.ticket_flow import record_event

__all__ = ["check_ticket", "deliver_pending", "escalate_manually", "refresh_columns", "send_level"]


def check_ticket(name: str, at=None) -> list[str]:
	"""Send every level whose threshold has come and refresh the ticket's computed columns, from one
	evaluation of the clock policy. Returns the keys sent now."""
	at = at or now()
	ticket = frappe.get_doc("HEZO Ticket", name)
	policy = clock_service.compute(ticket, at)
	newly = [t.key for t in policy.reached if send_level(ticket, t, at)]
	# a level another sweep sent in the meantime counts as sent too
	refresh_columns(ticket, policy, {t.key for t in policy.reached})
	return newly


def refresh_columns(
	ticket, policy: clock_service.Policy, also_sent: set[str] | frozenset[str] = frozenset()
) -> None:
	"""Write only the computed columns (never the whole document, so a user editing the ticket at the
	same moment loses nothing)."""
	before = {f: ticket.get(f) for f in COMPUTED_COLUMNS}
	clock_service.write(ticket, policy, also_sent)
	ticket.escalation_level = max(policy.escalation_level(also_sent), ticket.escalation_level or 0)
	after = {f: ticket.get(f) for f in COMPUTED_COLUMNS}
	changed = {f: v for f, v in after.items() if str(v or "") != str(before[f] or "")}
	if not changed:
		return
	at = policy.at
	frappe.db.set_value("HEZO Ticket", ticket.name, changed, update_modified=False)
	for clock in clock_service.CLOCKS:
		state, due = f"{clock}_state", f"{clock}_due"
		if state in changed and after[state] in ("Breached", "Met"):
			record_event(ticket.name, clock, after[state], stored(at), before[due], after[due])
		elif due in changed and before[due] and after[due]:
			record_event(ticket.name, clock, "Due changed", stored(at), before[due], after[due])


def settings():
	return frappe.get_cached_doc("HEZO Settings")


def recipients_for(ticket, notify: str) -> list[str]:
	config = settings()
	if notify == "Assignee":
		assigned = json.loads(ticket.get("_assign") or "[]")
		return assigned or [u for u in (config.team_lead,) if u]
	if notify == "Team lead":
		return [u for u in (config.team_lead or config.manager,) if u]
	return [u for u in (config.manager, config.escalation_mailbox) if u]


def send_level(ticket, threshold: clock_service.Threshold, at) -> bool:
	key = f"{ticket.name}:{threshold.key}"
	recipients = recipients_for(ticket, threshold.notify)
	try:
		frappe.get_doc(
			{
				"doctype": "HEZO Escalation",
				"ticket": ticket.name,
				"clock": threshold.clock,
				"level": threshold.level,
				"kind": "Automatic",
				"escalation_key": key,
				"at": stored(at),
				"notified": ", ".join(recipients),
			}
		).insert(ignore_permissions=True, ignore_links=True)  # the ticket was just loaded
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.clear_last_message()
		return False  # another sweep sent this level
	record_event(ticket.name, threshold.clock, "Escalated", stored(at), note=f"level {threshold.level}")
	schedule_delivery()
	return True


def schedule_delivery() -> None:
	frappe.enqueue(
		"hezo_service.services.tickets.escalation_delivery.deliver_pending",
		queue="short",
		job_id="hezo_service:deliver_escalations",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def escalate_manually(
	ticket_name: str, reason: str, by: str | None = None, customer: bool | None = None
) -> str:
	"""Staff (or the customer, through the portal or escalation@) escalate an open ticket, with a
	reason. A customer's escalation is acknowledged to the reporter (`customer`: by default, whether
	the escalating user is a portal user)."""
	reason = plain_text(reason)  # the controller cleans it too; empty once the markup is gone is no reason
	if not reason:
		frappe.throw(_("Give the reason for the escalation."))
	ticket = frappe.get_doc("HEZO Ticket", ticket_name)
	if ticket.status in clock_service.STOPPED_STATUSES:
		frappe.throw(
			_("Ticket {0} is {1}; only open tickets can be escalated.").format(ticket.name, _(ticket.status))
		)
	frappe.db.sql("select name from `tabHEZO Ticket` where name=%s for update", ticket.name)  # one at a time
	count = frappe.db.count("HEZO Escalation", {"ticket": ticket.name, "kind": "Manual"})
	level = (ticket.escalation_level or 0) + 1
	recipients = recipients_for(ticket, "Team lead") + recipients_for(
		ticket, "Manager and escalation mailbox"
	)
	doc = frappe.get_doc(
		{
			"doctype": "HEZO Escalation",
			"ticket": ticket.name,
			"clock": "manual",
			"level": level,
			"kind": "Manual",
			"escalation_key": f"{ticket.name}:manual:{count + 1}",
			"at": stored(now()),
			"by_user": by or frappe.session.user,
			"reason": reason,
			"notified": ", ".join(dict.fromkeys(recipients)),
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("HEZO Ticket", ticket.name, "escalation_level", level, update_modified=False)
	record_event(ticket.name, "response", "Escalated", stored(now()), note=doc.reason)
	schedule_delivery()
	if customer is None:
		customer = frappe.db.get_value("User", doc.by_user, "user_type") == "Website User"
	if customer:
		customer_messages.send(ticket.name, messages.ESCALATION_RECEIVED, reason=doc.reason)
	return doc.name
