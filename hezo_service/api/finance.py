"""Whitelisted endpoints of the contract lifecycle: renewal (quote and do), quota usage, the billing
run (work orders: api/work_orders.py). Errors are 4xx with a message in the user's language."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.billing import sales_invoices
from hezo_service.services.contracts import lifecycle, quotas


@frappe.whitelist()
def renewal_quote(contract: str, term_years: int | None = None, price=None, renewed_on=None) -> dict:
	frappe.has_permission("HEZO Contract", "read", contract, throw=True)
	_old, term, q = lifecycle.quote(contract, term_years, price, renewed_on)
	return {
		"term_years": term,
		"new_start": str(q.new_start),
		"new_end": str(q.new_end),
		"renewal_price": str(q.renewal_price),
		"lapsed_days": q.lapsed_days,
		"lapsed_value": str(q.lapsed_value),
		"reactivation_fee": str(q.reactivation_fee),
		"total": str(q.total),
	}


@frappe.whitelist(methods=["POST"])
def renew(contract: str, term_years: int | None = None, price=None, renewed_on=None) -> str:
	frappe.has_permission("HEZO Contract", "write", contract, throw=True)
	frappe.has_permission("HEZO Contract", "create", throw=True)
	return lifecycle.renew(contract, term_years, price, renewed_on)


@frappe.whitelist()
def quota_usage(contract: str) -> list[dict]:
	frappe.has_permission("HEZO Contract", "read", contract, throw=True)
	return quotas.quota_usage(contract)


# who may run billing: it writes draft Sales Invoices that finance then checks and submits (ERPNext's
# Accounts User does that, under ERPNext's own Sales Invoice permissions)
BILLING_ROLES = ("HEZO Finance", "HEZO Manager", "System Manager")


@frappe.whitelist(methods=["POST"])
def run_billing(upto: str | None = None) -> list[str]:
	"""Bill everything pending up to `upto` (default today) now, as the daily job does; one request is
	one transaction. Returns the draft Sales Invoices written."""
	# not frappe.only_for: it lets every caller through while tests run
	if frappe.session.user != "Administrator" and set(BILLING_ROLES).isdisjoint(frappe.get_roles()):
		frappe.throw(_("Only HEZO Finance may run billing."), frappe.PermissionError)
	return sales_invoices.run_billing(upto, commit=False, wait_seconds=10)
