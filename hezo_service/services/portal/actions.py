"""What a customer does in the portal. Each action checks the customer scope, then calls the same
services the desk uses (intake through the ticket controller, conversation, escalation, the later
delivery rule); nothing here re-implements them."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.portal import UploadRefused, check_upload
from hezo_service.core.portal.text import one_line
from hezo_service.security import private_files
from hezo_service.security.uploads import pdf_is_active
from hezo_service.services.common.timezone import now
from hezo_service.services.portal.scope import NotFoundInPortal, customers_of, require
from hezo_service.services.tickets.intake import find_coverage, open_ticket
from hezo_service.services.tickets.later_delivery import apply_later_delivery


class PortalInputError(frappe.ValidationError):
	http_status_code = 422


def _open_ticket(name: str):
	ticket = require("HEZO Ticket", name)
	if ticket.status == "Closed":
		frappe.throw(_("Ticket {0} is closed.").format(ticket.name), PortalInputError)
	return ticket


def create_ticket(serial_no: str, contract_no: str, priority: str, subject: str, description: str) -> str:
	"""A ticket for a covered device of one of the user's customers. A serial or contract of another
	customer reads as not found, and nothing is saved."""
	subject = one_line(subject)  # empty once its markup is gone is no subject
	if not subject:
		frappe.throw(_("Give the ticket a short subject."), PortalInputError)
	coverage = None
	try:
		coverage = find_coverage(serial_no, contract_no, now().date())
	except frappe.ValidationError:
		# the reason is only worth telling when the contract is the user's own
		if (frappe.db.get_value("HEZO Contract", (contract_no or "").strip().upper(), "customer")) in (
			customers_of()
		):
			raise
		frappe.clear_last_message()
	if coverage is None or coverage.customer not in customers_of():
		raise NotFoundInPortal(_("Device {0} is not covered by any of your contracts.").format(serial_no))
	user = frappe.get_doc("User", frappe.session.user)
	reporter = {
		"reporter_name": user.full_name,
		"reporter_email": user.email,
		"reporter_phone": user.phone or user.mobile_no,
	}
	description = frappe.utils.escape_html(description or "").replace("\n", "<br>")
	# access checked above; the intake rules run in the controller
	ticket = open_ticket("Portal", serial_no, contract_no, subject, priority, description, reporter, True)
	return ticket.name


def reply(ticket: str, message: str) -> str:
	"""A customer message on the ticket (a received Communication: follow-up re-arms)."""
	doc = _open_ticket(ticket)
	if not (message or "").strip():
		frappe.throw(_("Write a message first."), PortalInputError)
	user = frappe.get_doc("User", frappe.session.user)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Other",
			"sent_or_received": "Received",
			"subject": f"Re: {doc.subject} [{doc.name}]",
			"content": frappe.utils.escape_html(message.strip()).replace("\n", "<br>"),
			"sender": user.email,
			"sender_full_name": user.full_name,
			"reference_doctype": "HEZO Ticket",
			"reference_name": doc.name,
		}
	)
	communication.insert(ignore_permissions=True)
	return communication.name


def attach(ticket: str, filename: str | None, content: bytes) -> dict:
	"""A private file on the ticket (device logs, screenshots): size and type checked first."""
	doc = _open_ticket(ticket)
	try:
		name = check_upload(filename, len(content or b""))
	except UploadRefused as refused:
		messages = {
			"empty": _("The file is empty."),
			"too_large": _("The file is too large: at most {0} MB.").format(10),
			"type": _(
				"Files of type {0} are not accepted. Attach logs, text, archives, PDF or images "
				"(.log, .txt, .csv, .json, .xml, .conf, .cfg, .zip, .gz, .tgz, .7z, .pdf, .png, .jpg)."
			).format(refused.detail),
		}
		frappe.throw(messages[refused.reason], PortalInputError)
	if name.lower().endswith(".pdf") and pdf_is_active(content):
		frappe.throw(
			_("This PDF contains scripts, actions or embedded files, or cannot be read. Attach a plain PDF."),
			PortalInputError,
		)
	file = private_files.save(name, content, "HEZO Ticket", doc.name)
	return {"name": file.name, "file_name": file.file_name, "file_url": file.file_url}


def escalate(ticket: str, reason: str) -> str:
	doc = _open_ticket(ticket)
	from hezo_service.services.tickets.escalation import escalate_manually

	return escalate_manually(doc.name, reason, by=frappe.session.user)


def answer_delivery_proposal(proposal: str, accept: bool, note: str | None = None) -> dict:
	"""Accept (the date becomes the delivery due time, recorded who and when) or refuse a later
	delivery date the desk proposed."""
	doc = require("HEZO Delivery Proposal", proposal)
	if doc.status != "Proposed":
		frappe.throw(_("This proposal was already answered."), PortalInputError)
	ticket = _open_ticket(doc.ticket)
	user = frappe.get_doc("User", frappe.session.user)
	result = {}
	if accept:
		ticket.flags.ignore_permissions = True  # scope checked; the rule is the desk's own
		apply_later_delivery(ticket, doc.proposed_delivery_at, f"{user.full_name} <{user.email}>")
		result = {"delivery_due": ticket.delivery_due, "agreed_delivery_at": ticket.agreed_delivery_at}
	else:
		ticket.add_comment(
			"Comment",
			_("The customer refused the proposed delivery date {0}. {1}").format(
				frappe.format(doc.proposed_delivery_at, "Datetime"), note or ""
			),
		)
	doc.status = "Accepted" if accept else "Refused"
	doc.answered_by = user.name
	doc.answered_at = ticket.agreed_on if accept else frappe.utils.now_datetime().replace(microsecond=0)
	doc.answer_note = note
	doc.flags.ignore_permissions = True
	doc.save()
	return {"status": doc.status, **result}
