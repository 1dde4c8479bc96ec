"""End customers and partners are ERPNext Customers (docs/decisions.md, "Inside ERPNext: customers and
partners"). `tax_id` is the distributor's and stays as typed; the desk matches on `hezo_nip`, the
normalised NIP filled from it on every save. hezo's rules bind only the customers the desk serves
(partners, end customers with HEZO contracts), and only when their tax id is typed or changed."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.customers.tax_ids import end_customer_may_carry, partner_may_carry
from hezo_service.core.portal import normalise_nip


class InvalidNIP(frappe.ValidationError):
	http_status_code = 422


class InvalidPartnerTaxId(frappe.ValidationError):
	http_status_code = 422


def invalid_nip_message(value: str | None) -> str:
	return _("{0} is not a valid NIP (Polish tax id: 10 digits with a check digit).").format(value or "-")


def has_contracts(customer: str) -> bool:
	"""The desk serves this customer as an end customer: it has HEZO contracts."""
	return bool(frappe.db.exists("HEZO Contract", {"customer": customer}))


def validate_customer(doc, method: str | None = None) -> None:
	"""Customer `validate` hook. Fills `hezo_nip` from `tax_id` (never rewriting `tax_id`); checks the
	tax id only when it is typed or changed, or the customer becomes a partner, and only for customers
	the desk serves. Duplicates are not refused (the desk report lists them)."""
	doc.hezo_nip = normalise_nip(doc.tax_id)
	becomes_partner = bool(doc.get("hezo_is_partner")) and doc.has_value_changed("hezo_is_partner")
	if not (tax_id_changed(doc) or becomes_partner):
		return
	if doc.get("hezo_is_partner"):
		if not partner_may_carry(doc.tax_id):
			frappe.throw(
				_(
					"{0} is not a valid tax id for a partner: give a Polish NIP or an EU VAT number with "
					"its country prefix (e.g. SK2020317068), or leave it empty."
				).format(doc.tax_id),
				InvalidPartnerTaxId,
			)
	elif not doc.is_new() and not end_customer_may_carry(doc.tax_id) and has_contracts(doc.name):
		frappe.throw(invalid_nip_message(doc.tax_id), InvalidNIP)


def tax_id_changed(doc) -> bool:
	"""Typed on a new customer, or changed (empty and None are the same: the form sends one, SQL the other)."""
	before = doc.get_doc_before_save()
	if doc.is_new() or not before:
		return bool((doc.tax_id or "").strip())
	return (before.tax_id or "").strip() != (doc.tax_id or "").strip()


def customer_nip(customer: str | None) -> str | None:
	return frappe.db.get_value("Customer", customer, "hezo_nip") if customer else None


def require_end_customer_nip(customer: str | None) -> None:
	"""A contract's end customer is identified by its NIP (sign-up proves it): none or a wrong one is
	refused with the customer named."""
	if customer and not customer_nip(customer):
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


def end_customers_with_nip(nip: str | None) -> list[str]:
	"""The enabled end customers (not partners) carrying this normalised NIP, oldest first."""
	if not nip:
		return []
	return frappe.get_all(
		"Customer",
		filters={"hezo_nip": nip, "hezo_is_partner": 0, "disabled": 0},
		pluck="name",
		order_by="creation, name",
		ignore_permissions=True,
	)


def with_contracts(customers: list[str]) -> set[str]:
	"""Those of the customers that have a HEZO contract (not cancelled) as end customer."""
	if not customers:
		return set()
	return set(
		frappe.get_all(
			"HEZO Contract",
			filters={"customer": ["in", customers], "status": ["!=", "Cancelled"]},
			pluck="customer",
			distinct=True,
			ignore_permissions=True,
		)
	)
