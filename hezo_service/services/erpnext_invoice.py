"""When ERPNext is installed on the site, a billing document also becomes a draft Sales Invoice with
the same lines (finance submits it). The HEZO Billing Document stays the ledger of billed keys.

Not exercised by the bench tests here: ERPNext is not installed on these benches (README, Not done)."""

from __future__ import annotations

import frappe


def _erp_customer(billing) -> str:
	name = frappe.db.get_value("Customer", {"tax_id": billing.customer_nip}) or frappe.db.get_value(
		"Customer", {"customer_name": billing.customer_name}
	)
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": billing.customer_name,
				"tax_id": billing.customer_nip,
				"customer_type": "Company",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def sync_sales_invoice(billing) -> str:
	item_code = frappe.db.get_single_value("HEZO Settings", "billing_item_code") or "HEZO-SERVICE"
	invoice = None
	if (
		billing.sales_invoice
		and frappe.db.get_value("Sales Invoice", billing.sales_invoice, "docstatus") == 0
	):
		invoice = frappe.get_doc("Sales Invoice", billing.sales_invoice)
		invoice.items = []
	if invoice is None:
		invoice = frappe.new_doc("Sales Invoice")
		invoice.customer = _erp_customer(billing)
		invoice.currency = billing.currency
		invoice.posting_date = billing.period_end
		invoice.set_posting_time = 1
		invoice.remarks = f"HEZO {billing.name}"
	for line in billing.lines:
		invoice.append(
			"items",
			{
				"item_code": item_code,
				"description": f"{line.description} [{line.billing_key}]",
				"qty": line.qty,
				"rate": line.rate,
			},
		)
	invoice.save(ignore_permissions=True)  # a draft: docstatus 0
	billing.db_set("sales_invoice", invoice.name)
	return invoice.name
