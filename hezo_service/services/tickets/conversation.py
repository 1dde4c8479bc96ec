"""Replies and customer messages, from Frappe's Communication records (e-mail both ways, the desk's
reply dialog, portal replies): the first reply meets the response clock, a customer message re-arms
follow-up and the next reply meets it."""

from __future__ import annotations

import frappe

from hezo_service.core.tickets.flow import status_after_customer_message, status_after_reply
from hezo_service.services.common.timezone import aware, now, stored

TICKET = "HEZO Ticket"


def on_communication(communication, method=None) -> None:
	if communication.reference_doctype != TICKET or not communication.reference_name:
		return
	if communication.communication_type != "Communication":
		return
	at = aware(communication.communication_date) or now()
	ticket = frappe.get_doc(TICKET, communication.reference_name)
	if communication.sent_or_received == "Sent":
		record_reply(ticket, at)
	else:
		record_customer_message(ticket, at, communication.content)


def record_reply(ticket, at) -> None:
	"""An engineer contacted the reporter (e-mail, portal reply, or a logged phone call)."""
	if not ticket.first_response_at:
		ticket.first_response_at = stored(at)
	ticket.last_reply_at = stored(at)
	ticket.status = status_after_reply(ticket.status)
	ticket.save(ignore_permissions=True)


def record_customer_message(ticket, at, content: str | None = None) -> None:
	if ticket.status == "Awaiting Details":
		# the e-mail that opened the ticket, or the reporter sending the missing serial / contract number
		initial = not ticket.description
		ticket.description = "\n".join(filter(None, [ticket.description, content]))
		if initial:
			ticket.reported_at = stored(at)
			ticket.flags.initial_message = True
		else:
			ticket.last_customer_message_at = stored(at)
		ticket.save(ignore_permissions=True)
		if ticket.status == "Awaiting Details":
			send_awaiting_details_reply(ticket)
		return
	ticket.last_customer_message_at = stored(at)
	ticket.status = status_after_customer_message(ticket.status)
	ticket.save(ignore_permissions=True)


def send_mail(**kwargs) -> None:
	"""Queue an e-mail; a site without outgoing mail logs the problem instead of failing the ticket."""
	try:
		frappe.sendmail(**kwargs)
	except frappe.OutgoingEmailError:
		frappe.log_error(title="HEZO: no outgoing e-mail account", message=str(kwargs.get("subject")))


def send_awaiting_details_reply(ticket) -> None:
	"""The automatic answer to an incomplete e-mail: what is missing, in Polish and English."""
	if not ticket.reporter_email:
		return
	reason = ticket.flags.awaiting_details_reason or ""
	message = "<p>{}</p><hr><p>{}</p><p>{}</p>".format(
		f"Dziękujemy za zgłoszenie {ticket.name}. Aby je przyjąć, potrzebujemy numeru seryjnego uszkodzonego urządzenia "
		"i numeru umowy serwisowej HEZO. Prosimy odpowiedzieć na tę wiadomość, podając: "
		"<b>S/N: …</b> oraz <b>Umowa: …</b>.",
		f"Thank you for ticket {ticket.name}. To accept it we need the serial number of the failed device and the "
		"HEZO service contract number. Please reply with <b>S/N: …</b> and <b>Contract: …</b>.",
		frappe.utils.escape_html(reason),
	)
	send_mail(
		recipients=[ticket.reporter_email],
		subject=f"[{ticket.name}] Potrzebne dane zgłoszenia / Ticket details needed",
		message=message,
		reference_doctype=TICKET,
		reference_name=ticket.name,
	)
