"""Escalation: levels per clock sent once each (a unique key per ticket, clock and level), and manual
escalation by staff or the customer with a reason.

Once-only holds under concurrency and crashes: the escalation row (unique key) is the outbox. The
sweep only inserts it; a second sweep racing for the same level fails on the key. After commit a job
(`deliver_pending`, also run every minute as a safety net) composes the e-mails and desk notifications
of every row not yet sent, under a row lock, and marks it sent in the same transaction as the Email
Queue rows: a crash anywhere leaves either nothing or everything, never a second e-mail. Composing
e-mail is most of the cost of an escalation, so the sweep's own work stays small."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import escape_html

from hezo_service.services import clocks as clock_service
from hezo_service.services.conversation import send_mail
from hezo_service.services.ticket_flow import record_event
from hezo_service.services.timezone import now, stored

COMPUTED_FIELDS = (
	"response_due",
	"response_state",
	"follow_up_due",
	"follow_up_state",
	"delivery_due",
	"delivery_state",
	"sla_state",
	"next_check_at",
	"escalation_level",
)


def check_ticket(name: str, at=None) -> list[str]:
	"""Send every level whose threshold has come and refresh the ticket's computed columns.
	Returns the keys sent now."""
	at = at or now()
	ticket = frappe.get_doc("HEZO Ticket", name)
	sent = clock_service.sent_escalations(name)
	clocks = clock_service.compute(ticket, at)
	newly = []
	for threshold in clock_service.thresholds(clocks):
		if threshold.at > at or threshold.key in sent:
			continue
		if send_level(ticket, threshold, at):
			newly.append(threshold.key)
		sent.add(threshold.key)
	refresh_columns(ticket, at, sent)
	return newly


def refresh_columns(ticket, at, sent: set[str] | None = None) -> None:
	"""Recompute the clocks and write only the computed columns (never the whole document, so a
	user editing the ticket at the same moment loses nothing)."""
	before = {f: ticket.get(f) for f in COMPUTED_FIELDS}
	clock_service.apply(ticket, at, sent)
	ticket.escalation_level = max(
		[int(k.split(":")[1]) for k in (sent or ())] + [ticket.escalation_level or 0]
	)
	after = {f: ticket.get(f) for f in COMPUTED_FIELDS}
	changed = {f: v for f, v in after.items() if str(v or "") != str(before[f] or "")}
	if not changed:
		return
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
		"hezo_service.services.escalation.deliver_pending",
		queue="short",
		job_id="hezo_service:deliver_escalations",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def deliver_pending(limit: int = 500, commit: bool = True) -> int:
	"""Send the notifications of committed escalations not sent yet (each exactly once)."""
	rows = frappe.db.sql(
		"""select name, ticket, clock, level, kind, reason, notified from `tabHEZO Escalation`
		where sent_at is null order by creation limit %s for update skip locked""",
		limit,
		as_dict=True,
	)
	for row in rows:
		ticket = frappe.get_doc("HEZO Ticket", row.ticket)
		if row.kind == "Manual":
			subject = _("Ticket {0} escalated: {1}").format(ticket.name, row.reason)
		else:
			subject = _("SLA escalation level {0}: {1} clock of {2}").format(
				row.level, _(row.clock.replace("_", "-")), ticket.name
			)
		notify(ticket, [r.strip() for r in (row.notified or "").split(",") if r.strip()], subject)
		frappe.db.set_value("HEZO Escalation", row.name, "sent_at", stored(now()), update_modified=False)
	if commit:
		frappe.db.commit()
	return len(rows)


def escalate_manually(ticket_name: str, reason: str, by: str | None = None) -> str:
	"""Staff (or the customer, through the portal) escalate an open ticket, with a reason."""
	reason = (reason or "").strip()
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
	record_event(ticket.name, "response", "Escalated", stored(now()), note=reason)
	schedule_delivery()
	return doc.name


def notify(ticket, recipients: list[str], subject: str) -> None:
	if not recipients:
		return
	# the subject and a customer's escalation reason are their words: HTML-escaped in the e-mail body
	# and the desk notification (both rendered as HTML); the e-mail's Subject header is plain text
	message = _("Ticket {0} ({1}), status {2}, SLA {3}.").format(
		ticket.name, escape_html(ticket.subject or ""), _(ticket.status), _(ticket.sla_state or "-")
	)
	send_mail(
		recipients=recipients,
		subject=subject,
		message=message,
		reference_doctype="HEZO Ticket",
		reference_name=ticket.name,
	)
	users = [r for r in recipients if frappe.db.exists("User", r)]
	if users:
		from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

		enqueue_create_notification(
			users,
			{
				"type": "Alert",
				"document_type": "HEZO Ticket",
				"document_name": ticket.name,
				"subject": escape_html(subject),
				"email_content": message,
			},
		)
