"""Move a site's own HEZO customers, partners, devices, spare units, warehouses and billing documents
to ERPNext's records (docs/decisions.md, "Inside ERPNext: the migration").

Runs after the model sync: the HEZO DocTypes that went away have no controller any more, but their
tables and rows are still there (Frappe never drops a table), so they are read with SQL. Every link
that named an old record is rewritten to the ERPNext record. Nothing old is deleted: the old tables
stay as they were, for audit, until staff drop them. Running it again finds every record already
moved and changes nothing."""

from __future__ import annotations

import frappe
from frappe.utils import nowdate

from hezo_service import custom_fields
from hezo_service.core.portal import normalise_nip
from hezo_service.services.contracts.devices import ensure_model_item, new_serial, sync_coverage

OLD_CUSTOMER, OLD_PARTNER, OLD_DEVICE = "tabHEZO Customer", "tabHEZO Partner", "tabHEZO Device"
OLD_SPARE, OLD_WAREHOUSE = "tabHEZO Spare Unit", "tabHEZO Warehouse"
OLD_BILLING, OLD_BILLING_LINE = "tabHEZO Billing Document", "tabHEZO Billing Line"


def execute() -> None:
	if not any(
		old_rows(t, limit=1) for t in (OLD_CUSTOMER, OLD_PARTNER, OLD_DEVICE, OLD_SPARE, OLD_WAREHOUSE)
	):
		return
	# the fields the moved data goes into are made by after_migrate, which runs after the patches
	custom_fields.sync()
	customers = move_customers()
	partners = move_partners()
	rewrite_links("Customer", customers, partners)
	move_portal_users()
	move_devices()
	warehouses = move_warehouses()
	rewrite_links("Warehouse", warehouses)
	move_spare_units(warehouses)
	move_billing_documents(customers)
	# the billing document's print format went with it (Frappe keeps a removed app file's record)
	frappe.delete_doc("Print Format", "HEZO Billing Document", ignore_missing=True, force=True)


def old_rows(table: str, limit: int | None = None) -> list[frappe._dict]:
	"""The rows of an old table, or nothing when the site never had it."""
	try:
		return frappe.db.sql(
			f"select * from `{table}` order by creation, name {f'limit {limit}' if limit else ''}",
			as_dict=True,
		)
	except Exception as error:
		if frappe.db.is_table_missing(error):
			return []
		raise


def default_company() -> str:
	return (
		frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


# --- customers and partners ----------------------------------------------------------------------


def _customer(
	name: str,
	nip: str | None,
	partner: bool,
	disabled: bool = False,
	email: str | None = None,
	phone: str | None = None,
) -> str:
	"""The ERPNext Customer with this NIP (or, without a NIP, this name), made when there is none."""
	existing = None
	if nip:
		# on the normalised NIP (an existing Customer keeps its tax id as the distributor typed it)
		match = normalise_nip(nip) or nip
		existing = frappe.db.get_value(
			"Customer", {"hezo_nip": match, "hezo_is_partner": int(partner)}, "name"
		)
		existing = existing or frappe.db.get_value("Customer", {"hezo_nip": match}, "name")
		# an old NIP that is not valid has no normalised form: the same string typed
		existing = existing or frappe.db.get_value("Customer", {"tax_id": nip}, "name")
	existing = existing or frappe.db.get_value("Customer", {"customer_name": name}, "name")
	if existing:
		if partner and not frappe.db.get_value("Customer", existing, "hezo_is_partner"):
			frappe.db.set_value("Customer", existing, "hezo_is_partner", 1, update_modified=False)
		return existing
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": name,
			"customer_type": "Company",
			"tax_id": nip,
			"hezo_is_partner": int(partner),
			"disabled": int(disabled),
			# ERPNext makes the Customer's primary Contact from these
			"email_id": email or None,
			"mobile_no": phone or None,
		}
	)
	customer.flags.ignore_mandatory = True
	return customer.insert(ignore_permissions=True).name


def move_customers() -> dict[str, str]:
	moved = {}
	for row in old_rows(OLD_CUSTOMER):
		nip = normalise_nip(row.nip) or row.nip
		moved[row.name] = _customer(
			row.customer_name,
			nip,
			partner=False,
			disabled=not row.get("is_active", 1),
			email=row.get("email"),
			phone=row.get("phone"),
		)
	return moved


def move_partners() -> dict[str, str]:
	return {
		row.name: _customer(
			row.partner_name,
			normalise_nip(row.get("nip")),
			partner=True,
			email=row.get("email"),
			phone=row.get("phone"),
		)
		for row in old_rows(OLD_PARTNER)
	}


def link_fields(target: str) -> list[tuple[str, str]]:
	"""(doctype, fieldname) of every HEZO field that links to `target` now."""
	return frappe.db.sql(
		"""select f.parent, f.fieldname from `tabDocField` f join `tabDocType` d on d.name = f.parent
		where f.fieldtype = 'Link' and f.options = %s and f.parent like 'HEZO %%'
			and d.issingle = 0 and d.is_virtual = 0""",
		target,
	)


def rewrite_links(target: str, moved: dict[str, str], partners: dict[str, str] | None = None) -> None:
	"""Old names in every field that links to `target` become the ERPNext names (a field named
	`partner` takes the partners' names). One statement per field and moved record that changes."""
	for doctype, fieldname in link_fields(target):
		names = partners if (partners is not None and fieldname == "partner") else moved
		for old, new in names.items():
			if old != new:
				frappe.db.sql(
					f"update `tab{doctype}` set `{fieldname}` = %s where `{fieldname}` = %s", (new, old)
				)


def move_portal_users() -> None:
	"""Who may see a customer in the portal is the Customer's portal users (ERPNext's Portal User),
	added the way sign-up adds them (services/portal/signup.py)."""
	from hezo_service.services.portal.signup import add_portal_user

	if not frappe.db.table_exists("HEZO Portal Access"):
		return
	for user, customer in frappe.db.sql(
		"select distinct user, customer from `tabHEZO Portal Access` where ifnull(user, '') != ''"
	):
		if frappe.db.exists("Customer", customer) and frappe.db.exists("User", user):
			add_portal_user(customer, user)


# --- devices ---------------------------------------------------------------------------------------


def ensure_item(model: str | None, vendor: str | None, family: str | None) -> str:
	"""The serialised stock Item of a device model (item code = the model)."""
	return ensure_model_item((model or "").strip() or "Unknown model", vendor or "Unknown", family or None)


def ensure_serial_no(serial: str, item_code: str | None, values: dict) -> None:
	"""The Serial No (made without stock when ERPNext has none: the unit was sold before the app came)."""
	if not frappe.db.exists("Serial No", serial):
		new_serial(serial, item_code)
	values = {k: v for k, v in values.items() if v not in (None, "")}
	if values:
		frappe.db.set_value("Serial No", serial, values, update_modified=False)


DEVICE_FIELDS = {
	"customer": "hezo_customer",
	"current_contract": "hezo_contract",
	"status": "hezo_service_status",
	"site_address": "hezo_site_address",
	"site_contact": "hezo_site_contact",
	"site_phone": "hezo_site_phone",
	"firmware_version": "hezo_firmware_version",
	"replaces": "hezo_replaces",
	"replaced_by": "hezo_replaced_by",
}


def move_devices() -> None:
	rows = old_rows(OLD_DEVICE)
	for row in rows:
		item = ensure_item(row.model, row.vendor, row.family)
		ensure_serial_no(row.serial_no or row.name, item, {})
	# genealogy and customers after every serial exists (a device names the one it replaced)
	for row in rows:
		values = {new: row.get(old) for old, new in DEVICE_FIELDS.items() if old in row}
		if values.get("hezo_customer"):
			values["hezo_customer"] = _moved_customer(values["hezo_customer"])
		ensure_serial_no(row.serial_no or row.name, None, values)
	# coverage in ERPNext's terms (AMC expiry, maintenance status) from the contracts
	sync_coverage([row.serial_no or row.name for row in rows])


def _moved_customer(old: str) -> str:
	if frappe.db.exists("Customer", old):
		return old
	nip = frappe.db.sql(f"select nip from `{OLD_CUSTOMER}` where name = %s", old)
	return (
		frappe.db.get_value("Customer", {"hezo_nip": normalise_nip(nip[0][0]) if nip else ""}, "name") or old
	)


# --- spare stock -----------------------------------------------------------------------------------


def move_warehouses() -> dict[str, str]:
	company = default_company()
	abbr = frappe.get_cached_value("Company", company, "abbr")
	moved = {}
	for row in old_rows(OLD_WAREHOUSE):
		name = f"{row.warehouse_name} - {abbr}"
		if not frappe.db.exists("Warehouse", name):
			frappe.get_doc(
				{
					"doctype": "Warehouse",
					"warehouse_name": row.warehouse_name,
					"company": company,
					"hezo_spare_warehouse": 1,
					"disabled": int(not row.get("is_active", 1)),
				}
			).insert(ignore_permissions=True)
		moved[row.name] = name
	return moved


def move_spare_units(warehouses: dict[str, str]) -> None:
	"""Units on the shelf (Available, Reserved) are received into their warehouse by one Material
	Receipt per warehouse, at zero value (their cost is the manufacturer's or already expensed)."""
	on_shelf: dict[str, list[frappe._dict]] = {}
	for row in old_rows(OLD_SPARE):
		item = ensure_item(row.model, row.vendor, None)
		ensure_serial_no(row.serial_no, item, {})
		if row.status in ("Available", "Reserved") and not frappe.db.get_value(
			"Serial No", row.serial_no, "warehouse"
		):
			on_shelf.setdefault(warehouses.get(row.warehouse, row.warehouse), []).append(
				frappe._dict(row, item=item)
			)
		if row.status == "Reserved" and row.rma:
			frappe.db.set_value(
				"Serial No", row.serial_no, "hezo_reserved_for_rma", row.rma, update_modified=False
			)
	for warehouse, units in on_shelf.items():
		entry = frappe.get_doc(
			{
				"doctype": "Stock Entry",
				"stock_entry_type": "Material Receipt",
				"company": default_company(),
				"posting_date": nowdate(),
				"remarks": "HEZO spare units moved from the service desk's own list",
				"items": [
					{
						"item_code": unit.item,
						"qty": 1,
						"t_warehouse": warehouse,
						"allow_zero_valuation_rate": 1,
						"basic_rate": 0,
						"use_serial_batch_fields": 1,
						"serial_no": unit.serial_no,
					}
					for unit in units
				],
			}
		)
		entry.insert(ignore_permissions=True)
		entry.submit()


# --- billing ---------------------------------------------------------------------------------------


def move_billing_documents(customers: dict[str, str]) -> None:
	"""Every billed line keeps its key on a Sales Invoice line, so billing never bills it again: lines
	already on an ERPNext invoice (the old export wrote `[key]` at the end of each line's description)
	get the key there; the others go onto the customer's draft Sales Invoice of their month, for
	finance to check (also those of a document marked Exported: finance decides, nothing is lost)."""
	from hezo_service.services.billing import sales_invoices

	for doc in old_rows(OLD_BILLING):
		lines = frappe.db.sql(
			f"select * from `{OLD_BILLING_LINE}` where parent = %s order by idx", doc.name, as_dict=True
		)
		lines = [line for line in lines if not billed(line.billing_key)]
		if not lines:
			continue
		invoice = doc.sales_invoice if doc.get("sales_invoice") else None
		if invoice and frappe.db.exists("Sales Invoice", invoice):
			lines = [line for line in lines if not key_existing_line(invoice, line)]
		if not lines:
			continue
		customer = customers.get(doc.customer, doc.customer)
		draft = sales_invoices.draft_invoice(customer, doc.period, doc.currency or "PLN")
		for line in lines:
			sales_invoices._add_line(
				draft,
				{
					"kind": line.source,
					"plan": frappe.db.get_value("HEZO Contract", line.contract, "plan")
					if line.contract
					else None,
					"description": line.description or line.source,
					"qty": line.qty or 1,
					"rate": line.rate or 0,
					"billing_key": line.billing_key,
					"contract": line.contract,
					"reference_doctype": line.reference_doctype,
					"reference_name": line.reference_name,
				},
			)
		draft.remarks = f"HEZO: moved from billing document {doc.name} ({doc.status})"
		draft.save(ignore_permissions=True)


def billed(key: str | None) -> bool:
	return bool(key) and bool(frappe.db.exists("Sales Invoice Item", {"hezo_billing_key": key}))


def key_existing_line(invoice: str, line: frappe._dict) -> bool:
	"""Give the invoice's line for this billing line its key; False when the invoice has none."""
	item = frappe.db.get_value(
		"Sales Invoice Item",
		{
			"parent": invoice,
			"description": ["like", f"%[{line.billing_key}]"],
			"hezo_billing_key": ["is", "not set"],
		},
		"name",
	)
	if not item:
		return False
	frappe.db.set_value(
		"Sales Invoice Item",
		item,
		{"hezo_billing_key": line.billing_key, "hezo_contract": line.contract},
		update_modified=False,
	)
	return True
