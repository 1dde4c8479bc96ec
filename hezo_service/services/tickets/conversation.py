"""Replies and customer messages, from Frappe's Communication records (e-mail both ways, the desk's
reply dialog, portal replies): the first reply meets the response clock, a customer message re-arms
follow-up and the next reply meets it. The desk's automated messages (customer_messages.py) are
Communications of another type and count for neither."""

from __future__ import annotations

import frappe
from frappe.core.utils import html2text

from hezo_service.core.tickets.flow import status_after_customer_message, status_after_reply
from hezo_service.core.tickets.mail import details_from_text, new_text
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.tickets import ticket_messages

TICKET = "HEZO Ticket"


def on_communication(communication, method=None) -> None:
	if communication.reference_doctype != TICKET or not communication.reference_name:
		return
	if communication.communication_type != "Communication":
		return
	at = aware(communication.communication_date) or now()
	# locked and read as committed: this request's snapshot may predate another message's save of the
	# ticket (two replies at once), which the save would otherwise refuse as "modified after opening"
	ticket = frappe.get_doc(TICKET, communication.reference_name, for_update=True)
	if communication.sent_or_received == "Sent":
		record_reply(ticket, at)
	elif not opening_mail(ticket, communication):
		record_customer_message(ticket, at, communication.content)


def opening_mail(ticket, communication) -> bool:
	"""The mail a ticket was made from: the ticket already holds what it says."""
	return ticket.channel == "E-mail" and not frappe.db.exists(
		"Communication",
		{
			"reference_doctype": TICKET,
			"reference_name": ticket.name,
			"sent_or_received": "Received",
			"communication_type": "Communication",
			"name": ("!=", communication.name),
		},
	)


def record_reply(ticket, at) -> None:
	"""An engineer contacted the reporter (e-mail, portal reply, or a logged phone call)."""
	if not ticket.first_response_at:
		ticket.first_response_at = stored(at)
	ticket.last_reply_at = stored(at)
	ticket.status = status_after_reply(ticket.status)
	ticket.save(ignore_permissions=True)


def record_customer_message(ticket, at, content: str | None = None) -> None:
	if ticket.status == "Awaiting Details":
		# the reporter sending the missing (or corrected) serial / contract number: what they wrote now
		# wins over what was read before; the description and the report time stay the first mail's
		serial, contract = details_from_text(new_text(html2text(content or "")))
		ticket.serial_no = serial or ticket.serial_no
		ticket.contract_no = contract or ticket.contract_no
		ticket.last_customer_message_at = stored(at)
		ticket.save(ignore_permissions=True)
		if ticket.status == "Awaiting Details":
			ticket_messages.queue_intake(ticket)
			ticket_messages.send_held(ticket)
		return
	ticket.last_customer_message_at = stored(at)
	ticket.status = status_after_customer_message(ticket.status)
	ticket.save(ignore_permissions=True)
