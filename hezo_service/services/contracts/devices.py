"""A covered device is an ERPNext Serial No of a serialised Item (docs/decisions.md, "Inside ERPNext:
devices"): vendor = the Item's brand, model = the Item, family = the Item's `hezo_family`; the service
data are the Serial No's `hezo_*` fields. This module is the one place that writes them: coverage in
ERPNext's terms (`amc_expiry_date`, `maintenance_status`, `hezo_contract`) and the RMA swap's
genealogy."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from hezo_service.core.portal import normalise_serial
from hezo_service.services.common.db import changed_rows
from hezo_service.services.contracts.coverage import COVERING_STATUSES, covering_sql

# the service data a replacement takes over from the unit it replaces
SITE_FIELDS = ("hezo_customer", "hezo_site_address", "hezo_site_contact", "hezo_site_phone")


class DeviceError(frappe.ValidationError):
	http_status_code = 409


def device_info(serial: str) -> frappe._dict | None:
	"""The device as the service desk reads it: the Serial No's service data with vendor, model and
	family from its Item. None when the serial is not known to ERPNext."""
	rows = frappe.db.sql(
		"""select sn.name, sn.item_code as model, sn.item_name, i.brand as vendor, i.hezo_family as family,
			sn.hezo_customer as customer, sn.hezo_contract as current_contract,
			sn.hezo_service_status as status, sn.hezo_site_address as site_address,
			sn.hezo_site_contact as site_contact, sn.hezo_site_phone as site_phone,
			sn.hezo_firmware_version as firmware_version, sn.hezo_replaces as replaces,
			sn.hezo_replaced_by as replaced_by, sn.amc_expiry_date, sn.maintenance_status
		from `tabSerial No` sn left join `tabItem` i on i.name = sn.item_code
		where sn.name = %(serial)s""",
		{"serial": serial},
		as_dict=True,
	)
	return rows[0] if rows else None


def ensure_model_item(
	model: str, vendor: str, family: str | None = None, item_name: str | None = None
) -> str:
	"""The serialised stock Item of a device model (item code = the model, e.g. FG-100F), its vendor an
	ERPNext Brand; made on first use (demo, tests, moving devices in from elsewhere)."""
	if not frappe.db.exists("Brand", vendor):
		frappe.get_doc({"doctype": "Brand", "brand": vendor}).insert(ignore_permissions=True)
	if not frappe.db.exists("Item", model):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": model,
				"item_name": item_name or model,
				"item_group": stock_default("item_group") or root_item_group(),
				"stock_uom": stock_default("stock_uom") or "Nos",
				"is_stock_item": 1,
				"has_serial_no": 1,
				"brand": vendor,
				"hezo_family": family or model.split()[0],
			}
		).insert(ignore_permissions=True)
	return model


def stock_default(field: str) -> str | None:
	"""ERPNext's Stock Settings default (item group, unit, warehouse): the setup wizard names them in
	the site's language (a Polish site's unit is "Numery", not "Nos")."""
	return frappe.db.get_single_value("Stock Settings", field)


def root_item_group() -> str:
	return frappe.db.get_value("Item Group", {"is_group": 1, "parent_item_group": ["in", ("", None)]}, "name")


def new_serial(serial: str, item_code: str, company: str | None = None, **service) -> str:
	"""A Serial No that no stock transaction has made yet (e.g. a replacement straight from the
	vendor's hub): inserted as ERPNext allows it, without a warehouse (only the stock ledger sets
	one). `service` holds `hezo_*` fields."""
	import erpnext

	doc = frappe.get_doc(
		{
			"doctype": "Serial No",
			"serial_no": normalise_serial(serial),
			"item_code": item_code,
			"company": company or erpnext.get_default_company(),
			**service,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def sync_coverage(serials: list[str] | set[str] | None = None, on: date | str | None = None) -> int:
	"""Coverage in ERPNext's terms for the given serials (all serials any contract names, or that
	still point at a contract, when None), in one statement: `hezo_contract` = the contract covering
	the unit on `on` (the latest started if two overlap), `amc_expiry_date` = its end date and
	`maintenance_status` Under AMC; without one, Out of AMC and the end of the last term that covered
	it (empty if none did). Only rows whose values change are written. Returns how many changed.
	The status is assigned first: MariaDB evaluates assignments left to right, and the status reads
	the unit's previous `hezo_contract`."""
	on = getdate(on or today())
	if serials is not None:
		serials = sorted({s for s in serials if s})
		if not serials:
			return 0
	rows_of = """from `tabHEZO Contract` c
		join `tabHEZO Contract Device` d on d.parent = c.name and d.parenttype = 'HEZO Contract'
		where d.device = sn.name"""
	current = f"""(select c.name {rows_of} and {covering_sql("c", "%(on)s")}
		order by c.start_date desc, c.name desc limit 1)"""
	current_end = f"""(select c.end_date {rows_of} and {covering_sql("c", "%(on)s")}
		order by c.start_date desc, c.name desc limit 1)"""
	in_force = ", ".join(frappe.db.escape(s) for s in COVERING_STATUSES)
	last_end = f"""(select max(c.end_date) {rows_of} and c.status in ({in_force}) and c.end_date < %(on)s)"""
	expiry = f"coalesce({current_end}, {last_end})"
	status = f"""(case when {current} is not null then 'Under AMC'
		when {last_end} is not null or sn.hezo_contract is not null
			or sn.maintenance_status in ('Under AMC', 'Out of AMC') then 'Out of AMC'
		else sn.maintenance_status end)"""
	scope = (
		"sn.name in %(serials)s"
		if serials is not None
		else """(sn.hezo_contract is not null or exists (select 1 from `tabHEZO Contract Device` d
			where d.parenttype = 'HEZO Contract' and d.device = sn.name))"""
	)
	frappe.db.sql(
		f"""update `tabSerial No` sn
		set sn.maintenance_status = {status}, sn.amc_expiry_date = {expiry}, sn.hezo_contract = {current}
		where {scope} and not (sn.hezo_contract <=> {current} and sn.amc_expiry_date <=> {expiry}
			and sn.maintenance_status <=> {status})""",
		{"on": on, "serials": serials or [""]},
	)
	return changed_rows()


def set_service_status(serial: str, status: str) -> None:
	if frappe.db.exists("Serial No", serial):
		frappe.db.set_value("Serial No", serial, "hezo_service_status", status)


def take_over(faulty_serial: str, replacement_serial: str) -> str:
	"""The device side of the RMA swap: the replacement becomes the faulty unit's successor (same end
	customer and site, Active, `hezo_replaces`), the faulty one is Replaced with `hezo_replaced_by`;
	the faulty unit keeps its tickets, RMAs and events. A replacement the stock ledger does not know
	yet (straight from the vendor) becomes a Serial No of the faulty unit's Item. Coverage itself moves
	with the contract's row (the caller), then `sync_coverage` restates both units."""
	faulty = frappe.get_doc("Serial No", faulty_serial, for_update=True)
	if faulty.hezo_replaced_by:
		frappe.throw(
			_("Device {0} was already replaced by {1}.").format(faulty.name, faulty.hezo_replaced_by),
			DeviceError,
		)
	serial = normalise_serial(replacement_serial)
	if serial == faulty.name:
		frappe.throw(_("Device {0} cannot replace itself.").format(serial), DeviceError)
	takeover = {field: faulty.get(field) for field in SITE_FIELDS}
	takeover.update({"hezo_service_status": "Active", "hezo_replaces": faulty.name})
	if frappe.db.exists("Serial No", serial):
		status, replaces = frappe.db.get_value(
			"Serial No", serial, ["hezo_service_status", "hezo_replaces"], for_update=True
		)
		if replaces or (status or "Spare") not in ("Spare", "Active", "Returned"):
			frappe.throw(
				_("Device {0} cannot replace another unit (status {1}).").format(serial, _(status or "")),
				DeviceError,
			)
		# written past the Serial No controller: its stock fields (warehouse, status) belong to the
		# stock ledger, which a save here must not re-validate
		frappe.db.set_value("Serial No", serial, takeover)
	else:
		new_serial(serial, faulty.item_code, faulty.company, **takeover)
	frappe.db.set_value(
		"Serial No", faulty.name, {"hezo_service_status": "Replaced", "hezo_replaced_by": serial}
	)
	return serial
