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

# A spare unit waiting for its RMA: reserved on the Serial No itself, so the reserving transaction
# locks the one row it takes (docs/decisions.md, "Inside ERPNext: spare stock").
SERIAL_NO_STOCK_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_reserved_for_rma",
		"fieldtype": "Link",
		"options": "HEZO RMA",
		"label": "Reserved for RMA",
		"insert_after": "warehouse",
		"read_only": 1,
		"search_index": 1,
		"no_copy": 1,
	},
]

# Warehouses that hold spare units (and the returned faulty ones).
WAREHOUSE_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_spare_warehouse",
		"fieldtype": "Check",
		"label": "HEZO spare stock",
		"description": "Serial-numbered units here are spare units that RMAs may reserve.",
		"insert_after": "is_group",
	},
]

# Stock transactions posted by an RMA step point back at it.
STOCK_ENTRY_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_rma",
		"fieldtype": "Link",
		"options": "HEZO RMA",
		"label": "HEZO RMA",
		"insert_after": "stock_entry_type",
		"read_only": 1,
		"search_index": 1,
		"no_copy": 1,
	},
]
DELIVERY_NOTE_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_rma",
		"fieldtype": "Link",
		"options": "HEZO RMA",
		"label": "HEZO RMA",
		"insert_after": "customer",
		"read_only": 1,
		"search_index": 1,
		"no_copy": 1,
	},
]

# Billing's drafts: the keys that make a line and a document unique.
SALES_INVOICE_FIELDS: list[dict] = []
SALES_INVOICE_ITEM_FIELDS: list[dict] = []

# The sale of a HEZO service: the end customer's NIP and the covered serials.
SALES_ORDER_FIELDS: list[dict] = []
SALES_ORDER_ITEM_FIELDS: list[dict] = []


def all_fields() -> dict[str, list[dict]]:
	fields = {
		"Customer": CUSTOMER_FIELDS,
		"Item": ITEM_FIELDS,
		"Serial No": SERIAL_NO_FIELDS + SERIAL_NO_STOCK_FIELDS,
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
