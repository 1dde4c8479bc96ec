"""End customers and partners are ERPNext Customers (docs/decisions.md, "Inside ERPNext: customers and
partners"): the NIP is the Customer's `tax_id`, stored as 10 digits; partners carry `hezo_is_partner`.
The one NIP rule is the core's `normalise_nip`; this module applies it to Customers (the `validate`
doc event) and gives the one refusal message every caller shows."""

from __future__ import annotations

import frappe
from frappe import _
from stdnum.pl import nip as stdnum_nip

from hezo_service.core.portal import normalise_nip


class InvalidNIP(frappe.ValidationError):
	http_status_code = 422


def invalid_nip_message(value: str | None) -> str:
	return _("{0} is not a valid NIP (Polish tax id: 10 digits with a check digit).").format(value or "-")


def require_nip(value: str | None) -> str:
	"""The NIP as 10 digits ("PL 526-025-09-95" -> "5260250995"), or a clear 422."""
	nip = normalise_nip(value)
	if not nip:
		frappe.throw(invalid_nip_message(value), InvalidNIP)
	return nip


def looks_like_nip(value: str | None) -> bool:
	"""Ten digits once the PL prefix and separators are gone: meant as a Polish NIP, valid or not. A
	foreign VAT id (DE123456789, GB...) is not."""
	compact = stdnum_nip.compact(value or "")
	return len(compact) == 10 and compact.isdigit()


def serves(customer: str) -> bool:
	"""The service desk uses this customer: it has HEZO contracts (as end customer or partner)."""
	return bool(
		frappe.db.sql(
			"select 1 from `tabHEZO Contract` where customer = %(c)s or partner = %(c)s limit 1",
			{"c": customer},
		)
	)


def validate_customer(doc, method: str | None = None) -> None:
	"""Customer `validate` hook. A Polish NIP is normalised for every Customer (one form to match
	sign-ups and find duplicates); a wrong one is refused when it is meant as a NIP, or when the
	customer is a partner or has HEZO contracts. Other ERPNext customers (foreign VAT ids, none) are
	left alone. The NIP is unique among end customers; partners may share one."""
	if not doc.tax_id:
		return
	nip = normalise_nip(doc.tax_id)
	if nip:
		doc.tax_id = nip
	elif doc.get("hezo_is_partner") or looks_like_nip(doc.tax_id) or (not doc.is_new() and serves(doc.name)):
		frappe.throw(invalid_nip_message(doc.tax_id), InvalidNIP)
	else:
		return
	if doc.get("hezo_is_partner"):
		return
	duplicate = frappe.db.get_value(
		"Customer", {"tax_id": nip, "hezo_is_partner": 0, "name": ["!=", doc.name or ""]}, "name"
	)
	if duplicate:
		frappe.throw(
			_("NIP {0} already belongs to customer {1}.").format(nip, duplicate), frappe.DuplicateEntryError
		)


def customer_nip(customer: str | None) -> str | None:
	return frappe.db.get_value("Customer", customer, "tax_id") if customer else None


def require_end_customer_nip(customer: str | None) -> None:
	"""A contract's end customer is identified by its NIP (sign-up proves it): none or a wrong one is
	refused with the customer named."""
	if customer and not normalise_nip(customer_nip(customer)):
		frappe.throw(
			_("End customer {0} has no valid NIP (Tax ID): set it on the customer first.").format(customer),
			InvalidNIP,
		)


def require_partner(partner: str | None) -> None:
	if partner and not frappe.db.get_value("Customer", partner, "hezo_is_partner"):
		frappe.throw(
			_("{0} is not a partner: tick 'HEZO partner' on the customer first.").format(partner),
			frappe.ValidationError,
		)
