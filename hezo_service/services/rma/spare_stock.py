"""Spare stock is ERPNext stock: a spare unit is a Serial No of a serialised Item (the model) in a
Warehouse flagged `hezo_spare_warehouse`. Reserving a unit for an RMA, releasing it, serving the RMAs
waiting for stock, and the low-stock alert (spare units per model against the devices covered by
active contracts) all read the Serial Nos the stock ledger keeps (docs/decisions.md, "Inside ERPNext:
spare stock").

Reservation takes the unit with `SELECT ... FOR UPDATE SKIP LOCKED` on `tabSerial No`: two RMAs racing
for the last unit never both get it; the one that finds no free unit waits in "Awaiting Stock" and is
served first (oldest first) when a unit of its model enters a spare warehouse."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.user import get_users_with_role

from hezo_service.core.rma.stock import StockLevel, alert_changes, levels
from hezo_service.services.common.customer_messages import send_mail
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts.devices import set_service_status
from hezo_service.services.rma import stock_moves


class StockError(frappe.ValidationError):
	http_status_code = 409


def spare_warehouses() -> list[str]:
	return frappe.get_all("Warehouse", {"hezo_spare_warehouse": 1, "disabled": 0}, pluck="name")


def reserve(rma_name: str) -> str | None:
	"""Reserve a free spare unit of the RMA's model (preferring its warehouse) or mark it
	"Awaiting Stock" (with a message saying so). Returns the Serial No, or None."""
	row = frappe.db.sql(
		"""select name, status, model, warehouse, spare_unit, replacement_source
		from `tabHEZO RMA` where name = %s for update""",
		rma_name,
		as_dict=True,
	)
	if not row:
		frappe.throw(_("RMA {0} not found.").format(rma_name), frappe.DoesNotExistError)
	rma = row[0]
	if rma.spare_unit:
		return rma.spare_unit
	if rma.replacement_source != "Spare stock" or rma.status not in ("Open", "Awaiting Stock"):
		frappe.throw(
			_("RMA {0} is {1}; it takes no unit from spare stock.").format(rma_name, _(rma.status)),
			StockError,
		)
	unit = take_free_unit(rma.model, rma.warehouse)
	if not unit:
		if rma.status != "Awaiting Stock":
			frappe.db.set_value("HEZO RMA", rma_name, "status", "Awaiting Stock")
		frappe.msgprint(
			_("No spare unit of {0} is free; RMA {1} waits for stock.").format(rma.model, rma_name),
			alert=True,
		)
		check_low_stock([rma.model])
		return None
	frappe.db.set_value("Serial No", unit, "hezo_reserved_for_rma", rma_name)
	frappe.db.set_value(
		"HEZO RMA",
		rma_name,
		{
			"status": "Reserved",
			"spare_unit": unit,
			"replacement_serial": unit,
			"warehouse": frappe.db.get_value("Serial No", unit, "warehouse"),
		},
	)
	check_low_stock([rma.model])
	return unit


FREE_UNIT = """ifnull(hezo_reserved_for_rma, '') = '' and status = 'Active'
	and item_code = %(model)s and warehouse in %(warehouses)s"""


def take_free_unit(model: str | None, preferred_warehouse: str | None) -> str | None:
	"""Lock and return the first free spare unit of the model (the preferred warehouse first), or None.

	The candidates are read without a lock, then locked one by one by primary key with SKIP LOCKED and
	the conditions checked again on the latest committed row: a single locking read with ORDER BY would
	lock every candidate it sorts (Serial No has no index on the item), so a second RMA of the same
	model would skip units that are still free."""
	warehouses = spare_warehouses()
	if not model or not warehouses:
		return None
	values = {"model": model, "warehouses": warehouses, "preferred": preferred_warehouse or ""}
	candidates = frappe.db.sql(
		f"""select name from `tabSerial No` where {FREE_UNIT}
		order by (warehouse = %(preferred)s) desc, creation, name limit 50""",  # more than ever race at once
		values,
		pluck=True,
	)
	for name in candidates:
		locked = frappe.db.sql(
			f"""select name from `tabSerial No` where name = %(name)s and {FREE_UNIT}
			for update skip locked""",
			{**values, "name": name},
		)
		if locked:
			return name
	return None


def release(rma_name: str) -> None:
	"""A cancelled RMA gives its reserved (not shipped) unit back to stock."""
	units = frappe.get_all("Serial No", {"hezo_reserved_for_rma": rma_name}, ["name", "item_code", "status"])
	for unit in units:
		frappe.db.set_value("Serial No", unit.name, "hezo_reserved_for_rma", None)
	for item_code in {u.item_code for u in units if u.status == "Active"}:
		allocate_waiting(item_code)
		check_low_stock([item_code])


def allocate_waiting(model: str) -> list[str]:
	"""Serve the RMAs waiting for this model, oldest first, while units are free."""
	served = []
	waiting = frappe.db.sql(
		"""select name from `tabHEZO RMA` where status = 'Awaiting Stock' and model = %s
		order by creation, name""",
		model,
		pluck=True,
	)
	for name in waiting:
		if not reserve(name):
			break
		served.append(name)
	return served


def restock(serial: str, model: str, warehouse: str, source: str = "Repaired") -> str:
	"""A unit coming back repaired, or replaced by the manufacturer, re-enters a spare warehouse through
	a stock transaction (which serves the RMAs waiting for its model, `on_stock_posted`)."""
	from hezo_service.services.rma.lifecycle import record_device_event
	from hezo_service.services.tickets.intake import normalise_serial

	serial = normalise_serial(serial)
	if not serial or not model or not warehouse:
		frappe.throw(_("A spare unit needs a serial number, a model and a warehouse."), StockError)
	if frappe.db.get_value("Serial No", serial, "item_code") not in (None, model):
		frappe.throw(_("Unit {0} is not a {1}.").format(serial, model), StockError)
	stock_moves.into_spare_stock(serial, model, warehouse)
	if frappe.db.get_value("Serial No", serial, "hezo_service_status"):  # a unit that was in service
		set_service_status(serial, "Spare")
		record_device_event(serial, "Re-entered stock", stored(now()), note=_(source))
	return serial


def stock_rows(doc: Document) -> list[tuple[str, str | None, str | None]]:
	"""(item, from, to) of each row of a Stock Entry, Delivery Note or Purchase Receipt."""
	if doc.doctype == "Stock Entry":
		return [(row.item_code, row.s_warehouse, row.t_warehouse) for row in doc.items]
	if doc.doctype == "Delivery Note":
		return [(row.item_code, row.warehouse, None) for row in doc.items]
	return [(row.item_code, None, row.warehouse) for row in doc.items]


def on_stock_posted(doc: Document, method: str | None = None) -> None:
	"""After any stock transaction that touches a spare warehouse: serve the waiting RMAs of the models
	that came in, and check the low-stock level of every model that moved."""
	spare = set(spare_warehouses())
	if not spare:
		return
	moved, arrived = set(), set()
	for item, source, target in stock_rows(doc):
		if source in spare or target in spare:
			moved.add(item)
		if target in spare and doc.docstatus == 1:
			arrived.add(item)
	for item in sorted(arrived) if not doc.flags.hezo_no_allocate else ():
		allocate_waiting(item)
	if moved:
		check_low_stock(sorted(moved))


def guard_reserved_units(doc: Document, method: str | None = None) -> None:
	"""A unit reserved for an RMA leaves its warehouse only on that RMA's own transaction."""
	serials = []
	for row in doc.items:
		source = row.get("s_warehouse") if doc.doctype == "Stock Entry" else row.get("warehouse")
		if source and row.get("serial_no"):
			serials += [s.strip() for s in row.serial_no.split("\n") if s.strip()]
		elif source and row.get("serial_and_batch_bundle"):
			serials += frappe.get_all(
				"Serial and Batch Entry", {"parent": row.serial_and_batch_bundle}, pluck="serial_no"
			)
	if not serials:
		return
	for serial, rma in frappe.get_all(
		"Serial No",
		{"name": ["in", serials], "hezo_reserved_for_rma": ["is", "set"]},
		["name", "hezo_reserved_for_rma"],
		as_list=True,
	):
		if rma != doc.get("hezo_rma"):
			frappe.throw(
				_("Unit {0} is reserved for RMA {1}; it can only leave stock for that RMA.").format(
					serial, rma
				),
				StockError,
			)


def settings():
	return frappe.get_cached_doc("HEZO Settings")


def stock_levels(models: list[str] | None = None) -> list[StockLevel]:
	"""Per model (Item): free spare Serial Nos in spare warehouses, devices covered today (ERPNext's Under
	AMC, which `sync_coverage` keeps equal to the contracts in force: on every contract change and each
	day), units required. Read off the (model, AMC status) index: every stock posting checks its models,
	and counting through the contracts' device rows grew with the site (4 s a model at x10)."""
	model_filter = "and item_code in %(models)s" if models else ""
	covered = dict(
		frappe.db.sql(
			f"""select item_code, count(*) from `tabSerial No`
			where maintenance_status = 'Under AMC' {model_filter}
			group by item_code""",
			{"models": models or [""]},
		)
	)
	warehouses = spare_warehouses()
	unit_filter = "and item_code in %(models)s" if models else ""
	available = dict(
		frappe.db.sql(
			f"""select item_code, count(*) from `tabSerial No`
			where status = 'Active' and warehouse in %(warehouses)s
				and ifnull(hezo_reserved_for_rma, '') = '' {unit_filter}
			group by item_code""",
			{"models": models or [""], "warehouses": warehouses},
		)
		if warehouses
		else ()
	)
	config = settings()
	min_units = config.get("low_stock_min_units")
	min_percent = config.get("low_stock_min_percent")
	return levels(
		{k: int(v) for k, v in available.items()},
		{k: int(v) for k, v in covered.items()},
		1 if min_units is None else int(min_units),
		5 if min_percent is None else float(min_percent),
	)


def check_low_stock(models: list[str] | None = None) -> list[str]:
	"""Raise an alert (and notify HEZO Logistics) once per crossing below the required level; clear it
	when the model recovers. The open alert's unique key ("<model>:open") makes it once-only even when
	two checks race. Returns the models alerted now."""
	models = [m for m in (models or []) if m] or None
	current = stock_levels(models)
	open_alerts = dict(
		frappe.db.sql(
			"select model, name from `tabHEZO Stock Alert` where status = 'Open'"
			+ (" and model in %(models)s" if models else ""),
			{"models": models or [""]},
		)
	)
	to_raise, to_clear = alert_changes(current, set(open_alerts))
	at = stored(now())
	for model in to_clear:
		frappe.db.set_value(
			"HEZO Stock Alert",
			open_alerts[model],
			{"status": "Cleared", "cleared_at": at, "alert_key": f"{model}:{open_alerts[model]}"},
		)
	raised = []
	for level in to_raise:
		try:
			alert = frappe.get_doc(
				{
					"doctype": "HEZO Stock Alert",
					"model": level.model,
					"status": "Open",
					"alert_key": f"{level.model}:open",
					"available": level.available,
					"covered": level.covered,
					"required": level.required,
					"raised_at": at,
				}
			).insert(ignore_permissions=True)
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			frappe.clear_last_message()
			continue
		notify_logistics(alert)
		raised.append(level.model)
	return raised


def logistics_users() -> list[str]:
	return get_users_with_role("HEZO Logistics")  # Frappe's: enabled users only, never Administrator


def notify_logistics(alert) -> None:
	subject = _("Low spare stock: {0} ({1} available, {2} required for {3} covered devices)").format(
		alert.model, alert.available, alert.required, alert.covered
	)
	users = [u for u in logistics_users() if frappe.db.get_value("User", u, "enabled")]
	recipients = users + [m for m in (settings().logistics_mailbox,) if m]
	if recipients:
		send_mail(
			recipients=recipients,
			subject=subject,
			message=subject,
			reference_doctype="HEZO Stock Alert",
			reference_name=alert.name,
		)
	if users:
		from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

		enqueue_create_notification(
			users,
			{
				"type": "Alert",
				"document_type": "HEZO Stock Alert",
				"document_name": alert.name,
				"subject": subject,
				"email_content": subject,
			},
		)
