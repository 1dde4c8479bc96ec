"""The service data hezo_service adds to ERPNext's own records (Customer, Item, Serial No, Warehouse,
Sales Order, Sales Invoice). ERPNext's masters are the records; these fields are the only copy of
what the service desk knows about them (docs/decisions.md, "Inside ERPNext").

Synced on install and on every migrate with ERPNext's `create_custom_fields` (idempotent)."""

from __future__ import annotations

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

# End customers and partners are ERPNext Customers (NIP in tax_id).
CUSTOMER_FIELDS: list[dict] = []

# Vendor, model and family of a serialised Item.
ITEM_FIELDS: list[dict] = []

# A covered device or a spare unit is a Serial No: its service data.
SERIAL_NO_FIELDS: list[dict] = []

# Warehouses that hold spare units (and the returned faulty ones).
WAREHOUSE_FIELDS: list[dict] = []

# Stock transactions posted by an RMA step point back at it.
STOCK_ENTRY_FIELDS: list[dict] = []
DELIVERY_NOTE_FIELDS: list[dict] = []

# Billing's drafts: the keys that make a line and a document unique. Not copied (no_copy) to a
# duplicate or a credit note; an amendment drops them (services/billing/sales_invoices.py).
SALES_INVOICE_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_billing_section",
		"fieldtype": "Section Break",
		"label": "HEZO billing",
		"insert_after": "more_info_tab",
		"collapsible": 0,
	},
	{
		"fieldname": "hezo_billing_period",
		"fieldtype": "Data",
		"label": "HEZO billing period (YYYY-MM)",
		"insert_after": "hezo_billing_section",
		"read_only": 1,
		"no_copy": 1,
		"in_standard_filter": 1,
		"search_index": 1,
	},
	{
		"fieldname": "hezo_billing_column",
		"fieldtype": "Column Break",
		"insert_after": "hezo_billing_period",
	},
	{
		"fieldname": "hezo_billing_key",
		"fieldtype": "Data",
		"label": "HEZO billing key",
		"insert_after": "hezo_billing_column",
		"read_only": 1,
		"no_copy": 1,
		"unique": 1,
		"description": "One invoice per customer, month, currency and number: made by HEZO billing.",
	},
]
SALES_INVOICE_ITEM_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_billing_section",
		"fieldtype": "Section Break",
		"label": "HEZO billing",
		"insert_after": "page_break",
	},
	{
		"fieldname": "hezo_contract",
		"fieldtype": "Link",
		"label": "HEZO contract",
		"options": "HEZO Contract",
		"insert_after": "hezo_billing_section",
		"read_only": 1,
		"search_index": 1,
	},
	{
		"fieldname": "hezo_billing_key",
		"fieldtype": "Data",
		"label": "HEZO billing key",
		"insert_after": "hezo_contract",
		"read_only": 1,
		"no_copy": 1,
		"unique": 1,
		"description": "One line per billed thing: the same key is never billed twice.",
	},
	{
		"fieldname": "hezo_billing_column",
		"fieldtype": "Column Break",
		"insert_after": "hezo_billing_key",
	},
	{
		"fieldname": "hezo_reference_doctype",
		"fieldtype": "Link",
		"label": "HEZO source type",
		"options": "DocType",
		"insert_after": "hezo_billing_column",
		"read_only": 1,
	},
	{
		"fieldname": "hezo_reference_name",
		"fieldtype": "Dynamic Link",
		"label": "HEZO source",
		"options": "hezo_reference_doctype",
		"insert_after": "hezo_reference_doctype",
		"read_only": 1,
	},
]

# The sale of a HEZO service: the end customer's NIP and the covered serials.
SALES_ORDER_FIELDS: list[dict] = []
SALES_ORDER_ITEM_FIELDS: list[dict] = []


def all_fields() -> dict[str, list[dict]]:
	fields = {
		"Customer": CUSTOMER_FIELDS,
		"Item": ITEM_FIELDS,
		"Serial No": SERIAL_NO_FIELDS,
		"Warehouse": WAREHOUSE_FIELDS,
		"Stock Entry": STOCK_ENTRY_FIELDS,
		"Delivery Note": DELIVERY_NOTE_FIELDS,
		"Sales Invoice": SALES_INVOICE_FIELDS,
		"Sales Invoice Item": SALES_INVOICE_ITEM_FIELDS,
		"Sales Order": SALES_ORDER_FIELDS,
		"Sales Order Item": SALES_ORDER_ITEM_FIELDS,
	}
	return {doctype: rows for doctype, rows in fields.items() if rows}


def sync() -> None:
	"""Every field with `module` set, so uninstall removes them and they never show as user edits."""
	fields = {
		doctype: [{**row, "module": "HEZO Service"} for row in rows] for doctype, rows in all_fields().items()
	}
	if fields:
		create_custom_fields(fields, ignore_validate=True, update=True)
		frappe.clear_cache()
