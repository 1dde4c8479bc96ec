"""Whitelisted endpoints of the partners' portal (/hezo/partner*). Guests reach only `sign_up`
(the customer sign-up's budgets and one non-revealing answer); everything else needs a portal user of
a partner Customer and is scoped to that partner's contracts (services/portal/partner.py). The request
guard lists this module's methods beside the customer portal's (security/guard.py)."""

from __future__ import annotations

import frappe

from hezo_service.api.portal import _given, _portal_user, guest_only
from hezo_service.services.portal import partner, partner_signup


@frappe.whitelist(methods=["GET"])
def contracts_csv(q: str | None = None, status: str | None = None) -> None:
	"""The partner's contracts (the list's filter applies) as a CSV download."""
	_portal_user()
	text = partner.contracts_csv(partner.partners(), q, status or None)
	frappe.local.response.filename = "hezo-contracts.csv"
	# UTF-8 with its byte-order mark: spreadsheets then read Polish letters right
	frappe.local.response.filecontent = ("\ufeff" + text).encode()
	frappe.local.response.type = "download"
	frappe.local.response.display_content_as = "attachment"


@frappe.whitelist(methods=["GET"])
def invoice_pdf(invoice: str | None = None) -> None:
	"""One of the partner's own submitted Sales Invoices as a PDF (ERPNext's print format of the
	invoice, through Frappe's print); anyone else's, or a missing one, gets 404."""
	_portal_user()
	_given(invoice=invoice)
	from hezo_service.services.common.pdf import pdf_from_print_html

	name = partner.own_invoice(invoice, partner.partners())
	# checked above (the partner's own, submitted): the print skips Frappe's DocType permission, as
	# Frappe's own attach_print does; a portal user has none on Sales Invoice, nor gets any here
	frappe.flags.ignore_print_permissions = True
	try:
		html = frappe.get_print("Sales Invoice", name)
	finally:
		frappe.flags.ignore_print_permissions = False

	frappe.local.response.filename = f"{name}.pdf"
	frappe.local.response.filecontent = pdf_from_print_html(html)
	frappe.local.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
def request_renewal(contract: str | None = None) -> dict:
	"""A draft Quotation renewing one of the partner's contracts, for the desk to confirm."""
	from hezo_service.services.contracts.renewal_requests import request_renewal as make

	_portal_user()
	_given(contract=contract)
	return make(contract, partner.partners(), frappe.session.user)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def sign_up(
	tax_id: str | None = None,
	contract_no: str | None = None,
	full_name: str | None = None,
	email: str | None = None,
	phone: str | None = None,
) -> dict:
	"""A portal account of the partner that sold the contract `contract_no` and carries `tax_id`."""
	guest_only()
	_given(tax_id=tax_id, contract_no=contract_no, full_name=full_name, email=email)
	return partner_signup.sign_up(tax_id, contract_no, full_name, email, phone)


@frappe.whitelist(methods=["POST"])
def link_partner(tax_id: str | None = None, contract_no: str | None = None) -> dict:
	"""A signed-in portal user adds a partner it works for (the sign-up's proof and budgets)."""
	_portal_user()
	_given(tax_id=tax_id, contract_no=contract_no)
	return partner_signup.link_partner(tax_id, contract_no)
