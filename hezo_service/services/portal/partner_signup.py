"""Partner sign-up and linking (/hezo/partner_signup): the partner's tax id (a NIP, or the EU VAT
number of a partner outside Poland) and the number of one contract it sold must both name the
contract's partner. The customer sign-up's code does the rest (signup.py): the same two budgets (per
client, and per target: the tax id and the contract number), the same log of every attempt, one
answer for every wrong pair that never says which item was wrong, Frappe's welcome e-mail."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.customers.tax_ids import normalise_tax_id
from hezo_service.core.portal import normalise_contract_no
from hezo_service.services.contracts.coverage import in_force
from hezo_service.services.portal import signup


def wrong_pair() -> str:
	return _(
		"The tax id and contract number do not match any partner of our contracts. Check them and try "
		"again, or call the service desk."
	)


def match(tax_id: str | None, contract_no: str) -> tuple[str, str] | None:
	"""(partner, contract) when the contract came into force with a partner carrying this tax id."""
	wanted = normalise_tax_id(tax_id)
	if not (wanted and contract_no):
		return None
	contract = frappe.db.get_value("HEZO Contract", contract_no, ["name", "partner", "status"], as_dict=True)
	if not contract or not contract.partner or not in_force(contract.status):
		return None
	partner = frappe.db.get_value(
		"Customer", contract.partner, ["name", "tax_id", "hezo_is_partner", "disabled"], as_dict=True
	)
	if not partner or not partner.hezo_is_partner or partner.disabled:
		return None
	return (partner.name, contract.name) if normalise_tax_id(partner.tax_id) == wanted else None


def _attempt(tax_id: str | None, contract_no: str) -> tuple[str, str] | None:
	wanted = normalise_tax_id(tax_id)
	signup.spend_attempt_on(
		{f"nip:{wanted}" if wanted else "", f"contract:{contract_no}" if contract_no else ""}
	)
	return match(tax_id, contract_no)


def sign_up(tax_id: str, contract_no: str, full_name: str, email: str, phone: str | None = None) -> dict:
	full_name, email = signup.check_person(full_name, email)
	contract_no = normalise_contract_no(contract_no)
	found = _attempt(tax_id, contract_no)
	if not found:
		signup.log_attempt("Refused", email, tax_id, "", contract_no)
		return signup.refuse(wrong_pair())
	partner, contract = found
	if frappe.db.exists("User", email):
		signup.log_attempt("Refused", email, tax_id, "", contract_no, customer=partner)
		return signup.refuse(signup.existing_account())
	user, mail_sent = signup.new_portal_user(full_name, email, phone)
	signup.grant(user, partner, contract, "")
	signup.log_attempt("Accepted", email, tax_id, "", contract_no, customer=partner, user=user)
	return signup.account_made(email, mail_sent)


def link_partner(tax_id: str, contract_no: str, user: str | None = None) -> dict:
	"""A logged-in portal user (an end customer's, say) adds a partner by proving the same pair."""
	user = user or frappe.session.user
	contract_no = normalise_contract_no(contract_no)
	found = _attempt(tax_id, contract_no)
	if not found:
		signup.log_attempt("Refused", user, tax_id, "", contract_no, user=user)
		return signup.refuse(wrong_pair())
	partner, contract = found
	signup.grant(user, partner, contract, "")
	signup.log_attempt("Linked", user, tax_id, "", contract_no, customer=partner, user=user)
	return {
		"ok": True,
		"partner": partner,
		"message": _("Partner {0} was added to your account.").format(
			frappe.db.get_value("Customer", partner, "customer_name")
		),
	}
