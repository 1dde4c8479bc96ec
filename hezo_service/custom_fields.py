"""The service data hezo_service adds to ERPNext's own records (Customer, Item, Serial No, Warehouse,
Sales Order, Sales Invoice). ERPNext's masters are the records; these fields are the only copy of
what the service desk knows about them (docs/decisions.md, "Inside ERPNext").

Synced on install and on every migrate with ERPNext's `create_custom_fields` (idempotent)."""

from __future__ import annotations

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

# End customers and partners are ERPNext Customers (services/common/customers.py). `tax_id` stays as
# the distributor typed it; the desk matches on `hezo_nip`, the normalised NIP filled from it.
CUSTOMER_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_nip",
		"fieldtype": "Data",
		"label": "NIP (HEZO)",
		"description": "The Tax ID as a 10-digit NIP, filled on save: what the service desk matches on.",
		"insert_after": "tax_id",
		"read_only": 1,
		"no_copy": 1,
		"search_index": 1,
		"length": 10,
	},
	{
		"fieldname": "hezo_is_partner",
		"fieldtype": "Check",
		"label": "HEZO partner",
		"description": "An authorised reseller: named as the partner on HEZO contracts.",
		"insert_after": "customer_group",
		"in_standard_filter": 1,
		"in_list_view": 1,
	},
]

# Vendor, model and family of a serialised Item: vendor = the Item's brand, model = the Item itself;
# the family groups models the catalogue and spare stock talk about (Rally Bar, FortiGate, ...).
ITEM_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_family",
		"label": "HEZO family",
		"fieldtype": "Data",
		"insert_after": "brand",
		"in_standard_filter": 1,
		"description": "Product family of a device the service desk covers (e.g. Rally Bar, FortiGate).",
	},
]

# A covered device or a spare unit is a Serial No: its service data. ERPNext's own `customer` is whom
# the unit was delivered to (the partner); `hezo_customer` is the end customer the service covers.
# Coverage itself is ERPNext's: `amc_expiry_date` and `maintenance_status` (services/contracts/devices.py).
SERIAL_NO_FIELDS: list[dict] = [
	{
		# a section, not a tab: the form stays one page, coverage and connections in one view
		"fieldname": "hezo_service_section",
		"label": "HEZO service",
		"fieldtype": "Section Break",
		"insert_after": "warranty_period",  # after ERPNext's Warranty / AMC section: coverage, then service
	},
	{
		"fieldname": "hezo_customer",
		"label": "End customer",
		"fieldtype": "Link",
		"options": "Customer",
		"insert_after": "hezo_service_section",
		"in_standard_filter": 1,
		"search_index": 1,
	},
	{
		"fieldname": "hezo_contract",
		"label": "Current contract",
		"fieldtype": "Link",
		"options": "HEZO Contract",
		"insert_after": "hezo_customer",
		"read_only": 1,
		"in_standard_filter": 1,
		"search_index": 1,
		"description": "The contract covering the unit today (kept by the service).",
	},
	{
		"fieldname": "hezo_service_status",
		"label": "Service status",
		"fieldtype": "Select",
		"options": "\nActive\nFaulty\nIn repair\nReplaced\nReturned\nSpare\nRetired",
		"insert_after": "hezo_contract",
		"in_standard_filter": 1,
	},
	{
		"fieldname": "hezo_firmware_version",
		"label": "Firmware version",
		"fieldtype": "Data",
		"insert_after": "hezo_service_status",
	},
	{
		"fieldname": "hezo_site_column",
		"fieldtype": "Column Break",
		"insert_after": "hezo_firmware_version",
	},
	{
		"fieldname": "hezo_site_address",
		"label": "Site address",
		"fieldtype": "Small Text",
		"insert_after": "hezo_site_column",
	},
	{
		"fieldname": "hezo_site_contact",
		"label": "Site contact",
		"fieldtype": "Data",
		"insert_after": "hezo_site_address",
	},
	{
		"fieldname": "hezo_site_phone",
		"label": "Site phone",
		"fieldtype": "Data",
		"options": "Phone",
		"insert_after": "hezo_site_contact",
	},
	{
		"fieldname": "hezo_genealogy_section",
		"label": "Genealogy",
		"fieldtype": "Section Break",
		"insert_after": "hezo_site_phone",
	},
	{
		"fieldname": "hezo_replaces",
		"label": "Replaces",
		"fieldtype": "Link",
		"options": "Serial No",
		"insert_after": "hezo_genealogy_section",
		"read_only": 1,
	},
	{
		"fieldname": "hezo_genealogy_column",
		"fieldtype": "Column Break",
		"insert_after": "hezo_replaces",
	},
	{
		"fieldname": "hezo_replaced_by",
		"label": "Replaced by",
		"fieldtype": "Link",
		"options": "Serial No",
		"insert_after": "hezo_genealogy_column",
		"read_only": 1,
	},
]

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

# An Item that sells a HEZO service: its plan and term (services/contracts/sales.py).
SERVICE_ITEM_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_service_section",
		"fieldtype": "Section Break",
		"label": "HEZO service",
		"insert_after": "description",
		"collapsible": 1,
	},
	{
		"fieldname": "hezo_service_plan",
		"fieldtype": "Link",
		"options": "HEZO Service Plan",
		"label": "HEZO plan sold",
		"insert_after": "hezo_service_section",
		"description": "Selling this item on a Sales Order makes a draft HEZO contract on this plan.",
	},
	{
		"fieldname": "hezo_term_years",
		"fieldtype": "Int",
		"label": "Term (years)",
		"insert_after": "hezo_service_plan",
		"depends_on": "hezo_service_plan",
		"mandatory_depends_on": "hezo_service_plan",
	},
]

# The sale of a HEZO service: the end customer's NIP and the covered serials.
SALES_ORDER_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_end_customer_nip",
		"fieldtype": "Data",
		"label": "End customer NIP (HEZO)",
		"insert_after": "customer_name",
		"description": "The NIP of the end customer of the HEZO services on this order.",
	},
	{
		"fieldname": "hezo_end_customer",
		"fieldtype": "Link",
		"options": "Customer",
		"label": "End customer (HEZO)",
		"insert_after": "hezo_end_customer_nip",
		"depends_on": "hezo_end_customer_nip",
		"description": "Only when several customers share the NIP: the one the contracts are for.",
	},
	{
		"fieldname": "hezo_coverage_start",
		"fieldtype": "Date",
		"label": "HEZO coverage from",
		"insert_after": "hezo_end_customer",
		"description": "Empty: the delivery date.",
	},
]
SALES_ORDER_ITEM_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_serial_nos",
		"fieldtype": "Small Text",
		"label": "Covered serial numbers (HEZO)",
		"insert_after": "description",
		"description": "One per line (or separated by commas) for a HEZO service item.",
	},
]

# A renewal sold: the contract a line renews and the term (services/contracts/renewal_requests.py). The
# same fieldnames on the Quotation Item and the Sales Order Item: ERPNext's "Make Sales Order" maps them.
RENEWAL_LINE_FIELDS: list[dict] = [
	{
		"fieldname": "hezo_renews_contract",
		"fieldtype": "Link",
		"options": "HEZO Contract",
		"label": "Renews HEZO contract",
		"insert_after": "item_name",
		"search_index": 1,
		"description": "Submitting the Sales Order renews this contract at this line's rate and term.",
	},
	{
		"fieldname": "hezo_renewal_term",
		"fieldtype": "Int",
		"label": "Renewal term (years)",
		"insert_after": "hezo_renews_contract",
		"depends_on": "hezo_renews_contract",
	},
]


def all_fields() -> dict[str, list[dict]]:
	fields = {
		"Customer": CUSTOMER_FIELDS,
		"Item": ITEM_FIELDS + SERVICE_ITEM_FIELDS,
		"Serial No": SERIAL_NO_FIELDS + SERIAL_NO_STOCK_FIELDS,
		"Warehouse": WAREHOUSE_FIELDS,
		"Stock Entry": STOCK_ENTRY_FIELDS,
		"Delivery Note": DELIVERY_NOTE_FIELDS,
		"Sales Invoice": SALES_INVOICE_FIELDS,
		"Sales Invoice Item": SALES_INVOICE_ITEM_FIELDS,
		"Sales Order": SALES_ORDER_FIELDS,
		"Sales Order Item": SALES_ORDER_ITEM_FIELDS + RENEWAL_LINE_FIELDS,
		"Quotation Item": RENEWAL_LINE_FIELDS,
	}
	return {doctype: rows for doctype, rows in fields.items() if rows}


# Indexes the desk's questions need on ERPNext's tables, named hezo_* and dropped on uninstall: how many
# units of a model are under AMC (every stock posting's low-stock check, services/rma/spare_stock.py).
INDEXES: dict[str, dict[str, list[str]]] = {
	"Serial No": {"hezo_idx_model_coverage": ["item_code", "maintenance_status"]},
}


def sync() -> None:
	"""Every field with `module` set, so uninstall removes them and they never show as user edits; then
	the indexes (Frappe's `add_index`: nothing done when there)."""
	fields = {
		doctype: [{**row, "module": "HEZO Service"} for row in rows] for doctype, rows in all_fields().items()
	}
	if fields:
		create_custom_fields(fields, ignore_validate=True, update=True)
		frappe.clear_cache()
	for doctype, indexes in INDEXES.items():
		for name, columns in indexes.items():
			frappe.db.add_index(doctype, columns, name)


def drop_indexes() -> None:
	for doctype, indexes in INDEXES.items():
		for name in indexes:
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index if exists `{name}`")
