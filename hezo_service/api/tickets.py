"""Whitelisted ticket endpoints: intake for the portal and integrations, and the desk's actions.
Every error is a 4xx with a message in the user's language; nothing saved is lost."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.tickets.policy import SUMMARY_COLUMNS
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.tickets import escalation
from hezo_service.services.tickets.conversation import record_reply
from hezo_service.services.tickets.intake import open_ticket
from hezo_service.services.tickets.later_delivery import apply_later_delivery


def _summary(ticket) -> dict:
	return {"name": ticket.name, "status": ticket.status, **{f: ticket.get(f) for f in SUMMARY_COLUMNS}}


@frappe.whitelist(methods=["POST"])
def create_ticket(
	serial_no: str,
	contract_no: str,
	subject: str,
	priority: str,
	description: str | None = None,
	reporter_name: str | None = None,
	reporter_email: str | None = None,
	reporter_phone: str | None = None,
	channel: str = "API",
) -> dict:
	"""Open a ticket for a covered device. Refused (4xx) when the serial and contract number do not
	match a contract covering the device today; a lapsed contract says reactivation is possible."""
	if channel not in ("API", "Portal", "Phone"):
		frappe.throw(_("Unknown channel {0}.").format(channel))
	reporter = {
		"reporter_name": reporter_name,
		"reporter_email": reporter_email,
		"reporter_phone": reporter_phone,
	}
	ticket = open_ticket(channel, serial_no, contract_no, subject, priority, description, reporter)
	return _summary(ticket)


@frappe.whitelist(methods=["POST"])
def log_contact(ticket: str, note: str | None = None) -> dict:
	"""An engineer reached the reporter by phone: it meets the response / follow-up clock."""
	doc = frappe.get_doc("HEZO Ticket", ticket, for_update=True)
	doc.check_permission("write")
	if note:
		doc.add_comment("Comment", _("Phone contact: {0}").format(note))
	record_reply(doc, now())
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def confirm_validity(ticket: str) -> dict:
	"""Verification done: validity confirmed, which starts the delivery clock."""
	doc = frappe.get_doc("HEZO Ticket", ticket, for_update=True)
	doc.check_permission("write")
	if doc.validity_confirmed_at:
		frappe.throw(_("Validity of ticket {0} is already confirmed.").format(doc.name))
	doc.status = "Confirmed"
	doc.save()
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def accept_later_delivery(ticket: str, delivery_at: str, accepted_by: str) -> dict:
	"""Record a later delivery date the customer accepted: it replaces the delivery due time."""
	doc = frappe.get_doc("HEZO Ticket", ticket, for_update=True)
	doc.check_permission("write")
	apply_later_delivery(doc, delivery_at, accepted_by)
	return _summary(doc)


@frappe.whitelist(methods=["POST"])
def escalate(ticket: str, reason: str) -> dict:
	"""Manual escalation with a reason (staff in the desk)."""
	doc = frappe.get_doc("HEZO Ticket", ticket)
	doc.check_permission("write")
	name = escalation.escalate_manually(doc.name, reason)
	return {"escalation": name}


@frappe.whitelist()
def clocks(ticket: str) -> dict:
	"""The ticket's clocks with the server's now, for the desk's countdown."""
	doc = frappe.get_doc("HEZO Ticket", ticket)
	doc.check_permission("read")
	return {**_summary(doc), "now": stored(now()), "next_check_at": doc.next_check_at}
