"""The one place that tells a customer something: an event of core/messages.py rendered from its
Email Template (staff edit it in the desk), in the reporter's language with English beneath, recorded
on the ticket as a Communication and queued in Frappe's Email Queue, threaded with the ticket's mail
(Message-ID, In-Reply-To, References) so that the customer's answer lands on the ticket.

Also the queue for the desk's own notices (`send_mail`): no customer message, no template."""

from __future__ import annotations

import frappe
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.email.email_body import get_message_id
from frappe.utils import get_string_between

from hezo_service.core.messages import languages, template_name
from hezo_service.services.common.customer_dates import customer_date, customer_datetime

TICKET = "HEZO Ticket"
THREAD_LENGTH = 10  # Message-IDs kept in References: the first of the thread and the latest ones


def send(ticket_name: str, event: str, **context) -> str | None:
	"""Tell the ticket's reporter about `event`; the Communication's name, or None when nothing could be
	queued (no reporter address, no template, no outgoing account: said in the Error Log)."""
	ticket = frappe.get_doc(TICKET, ticket_name)
	if not ticket.reporter_email:
		return None
	template = frappe.db.get_value(
		"Email Template",
		template_name(event),
		["subject", "use_html", "response_html", "response"],
		as_dict=True,
	)
	if template is None:
		frappe.log_error(title="HEZO: customer message template missing", message=template_name(event))
		return None
	outgoing = EmailAccount.find_outgoing(match_by_doctype=TICKET)
	if not outgoing:
		frappe.log_error(title="HEZO: no outgoing e-mail account", message=f"{event} {ticket.name}")
		return None
	langs = languages(reporter_language(ticket.reporter_email), site_language())
	args = {
		"ticket": ticket,
		"languages": langs,
		"in_languages": lambda text: " / ".join(dict.fromkeys(frappe._(text, lang) for lang in langs)),
		"customer_date": customer_date,
		"customer_datetime": customer_datetime,
		**context,
	}
	subject = " ".join(frappe.render_template(template.subject or "", args).split())
	body = frappe.render_template(
		(template.response_html if template.use_html else template.response) or "", args
	)
	thread = thread_of(ticket.name)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			# automated: the desk's clocks count people's replies, never these
			"communication_type": "Automated Message",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": subject,
			"content": body,
			"sender": outgoing.email_id,
			"recipients": ticket.reporter_email,
			"reference_doctype": TICKET,
			"reference_name": ticket.name,
			"email_account": outgoing.name,
			"email_template": template_name(event),
			"message_id": get_string_between("<", get_message_id(), ">"),
		}
	).insert(ignore_permissions=True)
	incoming = EmailAccount.find_incoming(match_by_doctype=TICKET)
	queue = frappe.sendmail(
		recipients=[ticket.reporter_email],
		sender=outgoing.email_id,
		reply_to=incoming.email_id if incoming else None,
		subject=subject,
		message=body,
		reference_doctype=TICKET,
		reference_name=ticket.name,
		communication=communication.name,
		message_id=communication.message_id,
		in_reply_to=thread.last_received,
		add_unsubscribe_link=0,
	)
	if queue and thread.message_ids:
		add_references(queue, thread.message_ids)
	return communication.name


class Thread:
	def __init__(self, message_ids: list[str], last_received: str | None):
		self.message_ids = message_ids
		self.last_received = last_received


def thread_of(ticket: str) -> Thread:
	"""The ticket's mail so far: its Message-IDs (oldest first) and the customer's latest message (its
	Communication's name, which Frappe turns into In-Reply-To)."""
	rows = frappe.get_all(
		"Communication",
		filters={"reference_doctype": TICKET, "reference_name": ticket, "communication_medium": "Email"},
		fields=["name", "message_id", "sent_or_received"],
		order_by="creation asc",
	)
	ids = [r.message_id for r in rows if r.message_id]
	kept = ids[:1] + ids[1:][-(THREAD_LENGTH - 1) :]
	received = [r.name for r in rows if r.sent_or_received == "Received"]
	return Thread(kept, received[-1] if received else None)


def add_references(queue, message_ids: list[str]) -> None:
	"""Frappe writes In-Reply-To but no References header; mail clients thread on it."""
	references = " ".join(f"<{m}>" for m in message_ids)
	queue.db_set("message", f"References: {references}\n{queue.message}", update_modified=False)


def reporter_language(email: str) -> str | None:
	return frappe.db.get_value("User", {"email": email}, "language")


def site_language() -> str | None:
	return frappe.db.get_single_value("System Settings", "language")


def send_mail(**kwargs) -> None:
	"""Queue one of the desk's own notices; a site without outgoing mail logs the problem instead of
	failing the work that sends it."""
	try:
		frappe.sendmail(**kwargs)
	except frappe.OutgoingEmailError:
		frappe.log_error(title="HEZO: no outgoing e-mail account", message=str(kwargs.get("subject")))
