"""Spare stock: reserving a unit for an RMA (safe under concurrency), units re-entering stock, and the
low-stock alert (spare units per model against the devices covered by active contracts).

Reservation takes the unit with `SELECT ... FOR UPDATE SKIP LOCKED`: two RMAs racing for the last unit
never both get it; the one that finds no free unit waits in "Awaiting Stock" and is served first
(oldest first) when a unit of its model enters stock."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import today
from frappe.utils.user import get_users_with_role

from hezo_service.core.rma.stock import StockLevel, alert_changes, levels
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts.coverage import covering_sql
from hezo_service.services.tickets.conversation import send_mail


class StockError(frappe.ValidationError):
	http_status_code = 409


def reserve(rma_name: str) -> str | None:
	"""Reserve a free spare unit of the RMA's model (preferring its warehouse) or mark it
	"Awaiting Stock". Returns the unit, or None."""
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
	unit = frappe.db.sql(
		"""select name from `tabHEZO Spare Unit`
		where model = %s and status = 'Available'
		order by (warehouse = %s) desc, creation, name
		limit 1 for update skip locked""",
		(rma.model, rma.warehouse or ""),
	)
	if not unit:
		if rma.status != "Awaiting Stock":
			frappe.db.set_value("HEZO RMA", rma_name, "status", "Awaiting Stock")
		check_low_stock([rma.model])
		return None
	unit = unit[0][0]
	frappe.db.set_value("HEZO Spare Unit", unit, {"status": "Reserved", "rma": rma_name})
	frappe.db.set_value(
		"HEZO RMA", rma_name, {"status": "Reserved", "spare_unit": unit, "replacement_serial": unit}
	)
	check_low_stock([rma.model])
	return unit


def release(rma_name: str) -> None:
	"""A cancelled RMA gives its reserved (not shipped) unit back to stock."""
	unit = frappe.db.get_value("HEZO RMA", rma_name, "spare_unit")
	if unit and frappe.db.get_value("HEZO Spare Unit", unit, "status") == "Reserved":
		frappe.db.set_value("HEZO Spare Unit", unit, {"status": "Available", "rma": None})
		allocate_waiting(frappe.db.get_value("HEZO Spare Unit", unit, "model"))


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


def restock(
	serial: str, model: str, warehouse: str, source: str = "Repaired", vendor: str | None = None
) -> str:
	"""A unit coming back repaired, or replaced by the manufacturer, re-enters stock (and serves the
	RMAs waiting for its model)."""
	from hezo_service.services.rma.rma import device_event
	from hezo_service.services.tickets.intake import normalise_serial

	serial = normalise_serial(serial)
	if not serial or not model or not warehouse:
		frappe.throw(_("A spare unit needs a serial number, a model and a warehouse."), StockError)
	if frappe.db.exists("HEZO Spare Unit", serial):
		unit = frappe.get_doc("HEZO Spare Unit", serial, for_update=True)
		if unit.status in ("Available", "Reserved"):
			frappe.throw(_("Unit {0} is already in stock.").format(serial), StockError)
		unit.update({"status": "Available", "rma": None, "warehouse": warehouse, "source": source})
		unit.received_at = stored(now())
		unit.save(ignore_permissions=True)
	else:
		unit = frappe.get_doc(
			{
				"doctype": "HEZO Spare Unit",
				"serial_no": serial,
				"model": model,
				"vendor": vendor,
				"warehouse": warehouse,
				"source": source,
				"received_at": stored(now()),
			}
		).insert(ignore_permissions=True)
	if frappe.db.exists("HEZO Device", serial):
		frappe.db.set_value("HEZO Device", serial, "status", "Spare")
		device_event(serial, "Re-entered stock", stored(now()), note=_(source))
	return unit.name


def on_unit_update(unit) -> None:
	previous = unit.get_doc_before_save()
	if unit.status == "Available" and (not previous or previous.status != "Available"):
		if not unit.flags.no_allocate:
			allocate_waiting(unit.model)
	check_low_stock([unit.model] + ([previous.model] if previous and previous.model != unit.model else []))


def settings():
	return frappe.get_cached_doc("HEZO Settings")


def stock_levels(models: list[str] | None = None) -> list[StockLevel]:
	"""Per model: spare units available, devices covered by contracts in force today, units required."""
	model_filter = "and d.model in %(models)s" if models else ""
	covered = dict(
		frappe.db.sql(
			f"""select d.model, count(distinct cd.device)
			from `tabHEZO Contract Device` cd
			join `tabHEZO Contract` c on c.name = cd.parent and cd.parenttype = 'HEZO Contract'
			join `tabHEZO Device` d on d.name = cd.device
			where {covering_sql("c", "%(today)s")}
				and ifnull(d.model, '') != '' {model_filter}
			group by d.model""",
			{"today": today(), "models": models or [""]},
		)
	)
	unit_filter = "and model in %(models)s" if models else ""
	available = dict(
		frappe.db.sql(
			f"""select model, count(*) from `tabHEZO Spare Unit`
			where status = 'Available' {unit_filter} group by model""",
			{"models": models or [""]},
		)
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
