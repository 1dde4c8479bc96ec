"""Whitelisted endpoints of the customer portal. Guests reach only `sign_up` (limited per client and
per target customer, every attempt logged); everything else needs a logged-in portal user and is scoped to that user's customers
(`hezo_service.services.portal.scope`). Errors are 4xx with a message in the user's language."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.portal import actions, rma_receipt, signup, ticket_moves
from hezo_service.services.portal.scope import is_portal_user


def _portal_user() -> None:
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in first."))
	if not is_portal_user() and "System Manager" not in frappe.get_roles():
		raise frappe.PermissionError(_("This is for customers' portal accounts."))


# what each argument is called on the page, for "fill in ..."
LABELS = {
	"nip": "NIP",
	"serial_no": "Serial number",
	"contract_no": "Contract number",
	"full_name": "Full name",
	"email": "E-mail",
	"priority": "Priority",
	"subject": "Subject",
	"ticket": "Ticket",
	"message": "Message",
	"reason": "Reason",
	"proposal": "Proposed delivery date",
	"accept": "Your answer",
	"rma": "RMA",
	"work_order": "Work order",
	"lang": "Language",
	# the partners' portal (api/partner.py)
	"tax_id": "Tax ID",
	"contract": "Contract",
	"invoice": "Invoice",
}


def guest_only() -> None:
	"""Sign-ups are for guests; a signed-in user adds a company from the portal instead."""
	if frappe.session.user != "Guest":
		frappe.throw(_("You are logged in already: add a company on the portal instead."))


def _given(**values) -> None:
	"""A call without an argument the method needs gets a 422 naming it, not Python's TypeError."""
	missing = [_(LABELS[k]) for k, v in values.items() if v is None or (isinstance(v, str) and not v.strip())]
	if missing:
		frappe.throw(_("Fill in: {0}.").format(", ".join(missing)), actions.PortalInputError)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def sign_up(
	nip: str | None = None,
	serial_no: str | None = None,
	contract_no: str | None = None,
	full_name: str | None = None,
	email: str | None = None,
	phone: str | None = None,
) -> dict:
	"""Create a portal account for the end customer whose contract the three items name."""
	guest_only()
	_given(nip=nip, serial_no=serial_no, contract_no=contract_no, full_name=full_name, email=email)
	return signup.sign_up(nip, serial_no, contract_no, full_name, email, phone)


@frappe.whitelist(methods=["POST"])
def link_customer(
	nip: str | None = None, serial_no: str | None = None, contract_no: str | None = None
) -> dict:
	_portal_user()
	_given(nip=nip, serial_no=serial_no, contract_no=contract_no)
	return signup.link_customer(nip, serial_no, contract_no)


@frappe.whitelist(methods=["POST"])
def create_ticket(
	serial_no: str | None = None,
	contract_no: str | None = None,
	priority: str | None = None,
	subject: str | None = None,
	description: str = "",
) -> dict:
	_portal_user()
	_given(serial_no=serial_no, contract_no=contract_no, priority=priority, subject=subject)
	name = actions.create_ticket(serial_no, contract_no, priority, subject, description)
	return {"name": name, "route": f"/hezo/ticket?name={name}"}


@frappe.whitelist(methods=["POST"])
def reply(ticket: str | None = None, message: str | None = None) -> dict:
	_portal_user()
	_given(ticket=ticket, message=message)
	return {"communication": actions.reply(ticket, message)}


@frappe.whitelist(methods=["POST"])
def attach(ticket: str | None = None) -> dict:
	"""Multipart upload (field `file`) of a private attachment to the ticket."""
	_portal_user()
	_given(ticket=ticket)
	upload = frappe.request.files.get("file") if frappe.request else None
	if upload is None:
		frappe.throw(_("Choose a file to attach."), actions.PortalInputError)
	return actions.attach(ticket, upload.filename, upload.stream.read())


@frappe.whitelist(methods=["POST"])
def escalate(ticket: str | None = None, reason: str | None = None) -> dict:
	_portal_user()
	_given(ticket=ticket, reason=reason)
	return {"escalation": actions.escalate(ticket, reason)}


@frappe.whitelist(methods=["POST"])
def close_ticket(ticket: str | None = None) -> dict:
	"""The customer closes its own resolved ticket."""
	_portal_user()
	_given(ticket=ticket)
	return {"status": ticket_moves.move_ticket(ticket, "close")}


@frappe.whitelist(methods=["POST"])
def reopen_ticket(ticket: str | None = None, reason: str | None = None) -> dict:
	"""The customer reopens its own resolved ticket within the reopening period, saying why."""
	_portal_user()
	_given(ticket=ticket, reason=reason)
	return {"status": ticket_moves.move_ticket(ticket, "reopen", reason)}


@frappe.whitelist(methods=["POST"])
def answer_delivery_proposal(
	proposal: str | None = None, accept: int | str | None = None, note: str | None = None
) -> dict:
	_portal_user()
	_given(proposal=proposal, accept=accept)
	return actions.answer_delivery_proposal(proposal, bool(frappe.utils.cint(accept)), note)


@frappe.whitelist(methods=["POST"])
def set_language(lang: str | None = None) -> dict:
	"""The portal's language switch for a logged-in user (Polish or English)."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in first."))
	_given(lang=lang)
	if lang not in ("pl", "en"):
		frappe.throw(_("Unknown language {0}.").format(lang))
	frappe.db.set_value("User", frappe.session.user, "language", lang)
	frappe.clear_cache(user=frappe.session.user)
	return {"language": lang}


@frappe.whitelist(methods=["POST"])
def request_renewal(contract: str | None = None) -> dict:
	"""The end customer asks for the renewal of one of its contracts: a draft Quotation for the partner
	that sold it, which the desk confirms (the price stays between the partner and myHEZO)."""
	from hezo_service.services.contracts.renewal_requests import request_renewal as make
	from hezo_service.services.portal.scope import customers_of

	_portal_user()
	_given(contract=contract)
	made = make(contract, [], frappe.session.user, customers=customers_of())
	return {
		"contract": made["contract"],
		"message": _(
			"Renewal of contract {0} requested: the HEZO desk and your partner will confirm it."
		).format(made["contract"]),
	}


# --- RMAs in the portal
@frappe.whitelist(methods=["POST"])
def confirm_receipt(rma: str | None = None) -> dict:
	"""The customer confirms that the replacement arrived: the delivery the desk would record, now."""
	_portal_user()
	_given(rma=rma)
	return rma_receipt.confirm_receipt(rma)


@frappe.whitelist(methods=["GET"])
def rma_return_instructions(rma: str | None = None) -> None:
	"""The RMA's return instructions (print format HEZO Return Instructions) as a PDF download, for
	the RMA's own customer's users only: anyone else gets 404, as for a missing RMA."""
	from hezo_service.services.portal.scope import require
	from hezo_service.services.rma.rma_documents import render_pdf

	_portal_user()
	_given(rma=rma)
	doc = require("HEZO RMA", (rma or "").strip())
	frappe.local.response.filename = f"{doc.name} {_('Return instructions')}.pdf"
	frappe.local.response.filecontent = render_pdf(doc.name, "HEZO Return Instructions")
	frappe.local.response.type = "pdf"


@frappe.whitelist(methods=["GET"])
def rma_delivery_note(rma: str | None = None) -> None:
	"""The delivery note of an RMA's replacement (print format HEZO Delivery Note) as a PDF, once the
	replacement has left, for the RMA's own customer's users only: anyone else gets 404."""
	from hezo_service.services.portal.scope import NotFoundInPortal, require
	from hezo_service.services.rma.rma_documents import render_pdf

	_portal_user()
	_given(rma=rma)
	doc = require("HEZO RMA", (rma or "").strip())
	if not doc.shipped_at:
		raise NotFoundInPortal(_("Not found."))
	frappe.local.response.filename = f"{doc.name} {_('Delivery note')}.pdf"
	frappe.local.response.filecontent = render_pdf(doc.name, "HEZO Delivery Note")
	frappe.local.response.type = "pdf"


# --- scheduled work in the portal
@frappe.whitelist(methods=["GET"])
def work_report(work_order: str | None = None) -> None:
	"""The report of a completed work order (print format HEZO Work Order Report) as a PDF download,
	for the work order's own customer's users only: anyone else, and a work order without a report yet,
	gets 404, as for a missing one."""
	from hezo_service.services.common.pdf import render_pdf
	from hezo_service.services.portal.pages import has_report
	from hezo_service.services.portal.scope import NotFoundInPortal, require

	_portal_user()
	_given(work_order=work_order)
	doc = require("HEZO Work Order", (work_order or "").strip())
	if not has_report(doc):
		raise NotFoundInPortal(_("Not found."))
	frappe.local.response.filename = f"{doc.name} {_('Service work report')}.pdf"
	frappe.local.response.filecontent = render_pdf("HEZO Work Order", doc.name, "HEZO Work Order Report")
	frappe.local.response.type = "pdf"
