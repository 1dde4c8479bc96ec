"""Delivery of committed escalations (the outbox rows of HEZO Escalation): the e-mails through the
Email Queue and the desk notifications, each row exactly once.

A batch costs the same number of statements for 1 row or 500: the rows, their tickets, the
unsubscribed addresses and the recipients that are users are read with one query each; the e-mails
are composed by Frappe's own QueueBuilder (so they are what `frappe.sendmail` would queue) and
written with two multi-row INSERTs; the rows are marked sent with one UPDATE in the same transaction,
so a crash leaves either nothing or everything; the desk notifications are one background job."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.email.doctype.email_queue.email_queue import QueueBuilder
from frappe.utils import escape_html

from hezo_service.services.common.timezone import now, stored

TICKET = "HEZO Ticket"


@dataclass(frozen=True)
class Notice:
	ticket: str
	recipients: list[str]
	subject: str
	message: str


def deliver_pending(limit: int = 500, commit: bool = True) -> int:
	"""Send the notifications of committed escalations not sent yet (each exactly once)."""
	rows = frappe.db.sql(
		"""select name, ticket, clock, level, kind, reason, notified from `tabHEZO Escalation`
		where sent_at is null order by creation limit %s for update skip locked""",
		limit,
		as_dict=True,
	)
	if rows:
		tickets = {
			t.name: t
			for t in frappe.get_all(
				TICKET,
				filters={"name": ["in", list({row.ticket for row in rows})]},
				fields=["name", "subject", "status", "sla_state"],
			)
		}
		notices = [notice(row, tickets[row.ticket]) for row in rows if row.ticket in tickets]
		queue_emails([n for n in notices if n.recipients])
		notify_desk(notices)
		# by primary key only: naming most of the table, a scan would lock (and wait on) rows another
		# host's sweep has just inserted, while that sweep waits on this claim's gap lock (a deadlock)
		frappe.db.sql(
			"update `tabHEZO Escalation` force index (primary) set sent_at = %s where name in %s",
			(stored(now()), [row.name for row in rows]),
		)
	if commit:
		frappe.db.commit()
	return len(rows)


def notice(row, ticket) -> Notice:
	if row.kind == "Manual":
		subject = _("Ticket {0} escalated: {1}").format(ticket.name, row.reason)
	else:
		subject = _("SLA escalation level {0}: {1} clock of {2}").format(
			row.level, _(row.clock.replace("_", "-")), ticket.name
		)
	# the subject and a customer's escalation reason are their words: HTML-escaped in the e-mail body
	# and the desk notification (both rendered as HTML); the e-mail's Subject header is plain text
	message = _("Ticket {0} ({1}), status {2}, SLA {3}.").format(
		ticket.name, escape_html(ticket.subject or ""), _(ticket.status), _(ticket.sla_state or "-")
	)
	recipients = [r.strip() for r in (row.notified or "").split(",") if r.strip()]
	return Notice(ticket.name, recipients, subject, message)


def unsubscribed(notices: list[Notice]) -> dict[str, set[str]]:
	"""Per ticket, the addresses that unsubscribed from it or from everything (one query)."""
	emails = list({r for n in notices for r in n.recipients})
	rows = frappe.db.sql(
		"""select distinct email, reference_name, global_unsubscribe from `tabEmail Unsubscribe`
		where email in %(emails)s and (global_unsubscribe = 1
			or (reference_doctype = %(doctype)s and reference_name in %(tickets)s))""",
		{"emails": emails, "doctype": TICKET, "tickets": list({n.ticket for n in notices})},
		as_dict=True,
	)
	result: dict[str, set[str]] = {n.ticket: set() for n in notices}
	for row in rows:
		for ticket in result if row.global_unsubscribe else [row.reference_name]:
			result.setdefault(ticket, set()).add(row.email)
	return result


def queue_emails(notices: list[Notice]) -> None:
	"""What `frappe.sendmail` would queue for each notice, written in two multi-row INSERTs."""
	if not notices:
		return
	try:
		builders = [builder(n) for n in notices]
		account = copy(builders[0].get_outgoing_email_account())
	except frappe.OutgoingEmailError:
		frappe.log_error(title="HEZO: no outgoing e-mail account", message=notices[0].subject)
		return
	# composing asks whether the account is stored (a document load) for every e-mail: ask once
	stored_account = bool(account.is_exists_in_db())
	account.is_exists_in_db = lambda: stored_account
	skipped = unsubscribed(notices)
	columns = set(frappe.get_meta("Email Queue").get_valid_columns())
	stamp, user = frappe.utils.now_datetime(), frappe.session.user
	queues, recipients = [], []
	for notice_, queue in zip(notices, builders, strict=True):
		queue._email_account = account
		queue._unsubscribed_user_emails = list(skipped.get(notice_.ticket, ()))
		to = list(dict.fromkeys(queue.final_recipients() + queue.final_cc() + queue.final_bcc()))
		data = queue.as_dict(include_recipients=False) if to else None
		if not data:
			continue
		name = frappe.generate_hash(length=10)
		queues.append(
			{
				**{k: v for k, v in data.items() if k in columns},
				"name": name,
				"status": "Not Sent",
				"retry": 0,
				"creation": stamp,
				"modified": stamp,
				"owner": user,
				"modified_by": user,
			}
		)
		recipients += [
			{
				"name": frappe.generate_hash(length=10),
				"parent": name,
				"parenttype": "Email Queue",
				"parentfield": "recipients",
				"idx": i,
				"recipient": address,
				"status": "Not Sent",
				"creation": stamp,
				"modified": stamp,
				"owner": user,
				"modified_by": user,
			}
			for i, address in enumerate(to, 1)
		]
	for doctype, values in (("Email Queue", queues), ("Email Queue Recipient", recipients)):
		if values:
			fields = list(values[0])
			frappe.db.bulk_insert(doctype, fields, [[v.get(f) for f in fields] for v in values])


def builder(notice_: Notice) -> QueueBuilder:
	return QueueBuilder(
		recipients=notice_.recipients,
		subject=notice_.subject,
		message=notice_.message,
		reference_doctype=TICKET,
		reference_name=notice_.ticket,
	)


def notify_desk(notices: list[Notice]) -> None:
	"""Desk notifications for the recipients that are users: one query, one background job."""
	addresses = list({r for n in notices for r in n.recipients})
	users = (
		set(frappe.get_all("User", filters={"name": ["in", addresses]}, pluck="name")) if addresses else set()
	)
	batch = [
		(
			sorted(users.intersection(n.recipients)),
			{
				"type": "Alert",
				"document_type": TICKET,
				"document_name": n.ticket,
				"subject": escape_html(n.subject),
				"email_content": n.message,
			},
		)
		for n in notices
		if users.intersection(n.recipients)
	]
	if batch and not frappe.flags.in_install:
		frappe.enqueue(
			"hezo_service.services.tickets.escalation_delivery.make_notification_logs",
			batch=batch,
			now=frappe.flags.in_test,  # as Frappe's enqueue_create_notification does
			enqueue_after_commit=True,
		)


def make_notification_logs(batch: list[tuple[list[str], dict]]) -> None:
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs as make

	for users, doc in batch:
		make(frappe._dict(doc), users)
