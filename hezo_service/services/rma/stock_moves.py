"""The stock transactions an RMA step posts to ERPNext's stock ledger, each submitted and carrying the
RMA in `hezo_rma` (docs/decisions.md, "Inside ERPNext: spare stock"):

- shipping a spare unit as the advance replacement: a Delivery Note to the RMA's customer at zero rate;
- the faulty unit coming back: a Material Receipt (zero valuation) into the returns warehouse, or into
  the repair warehouse when it was sent straight to the manufacturer;
- sending it to the manufacturer / to repair: a Material Transfer returns -> repair warehouse;
- a unit (re-)entering spare stock: a Material Transfer from where it is, or a Material Receipt.

Serials go on the item rows (`use_serial_batch_fields`); ERPNext makes the Serial and Batch Bundle and
sets each Serial No's `warehouse` and `status` from the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

import frappe
from frappe import _
from frappe.utils import flt

from hezo_service.core.rma.lifecycle import CUSTOMER, REPAIR, RETURNS, SPARE, StockMove

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_rma.hezo_rma import HEZORMA


class StockMoveError(frappe.ValidationError):
	http_status_code = 422


def company() -> str:
	from erpnext import get_default_company

	name = get_default_company()
	if not name:
		frappe.throw(_("Set a default company before posting stock for RMAs."), StockMoveError)
	return name


def role_warehouse(role: str) -> str:
	"""The returns or repair warehouse named in HEZO Settings (a clear error when it is missing)."""
	fields = {"returns": "rma_returns_warehouse", "repair": "rma_repair_warehouse"}
	labels = {
		"returns": _("Warehouse for returned faulty units"),
		"repair": _("Warehouse for units at the manufacturer / in repair"),
	}
	warehouse = frappe.db.get_single_value("HEZO Settings", fields[role])
	if not warehouse:
		frappe.throw(_("Set '{0}' in HEZO Settings first.").format(labels[role]), StockMoveError)
	return warehouse


def is_spare_warehouse(warehouse: str | None) -> bool:
	return bool(warehouse and frappe.db.get_value("Warehouse", warehouse, "hezo_spare_warehouse"))


def serial_location(serial: str) -> tuple[str | None, str | None]:
	"""(warehouse, status) of a Serial No as the stock ledger left it; (None, None) when unknown."""
	row = frappe.db.get_value("Serial No", serial, ["warehouse", "status"])
	return (row[0], row[1]) if row else (None, None)


def valuation_rate(item_code: str, warehouse: str | None = None) -> float:
	"""What a unit is worth on the books: the warehouse's moving average, else the Item's own rate."""
	rate = warehouse and frappe.db.get_value(
		"Bin", {"item_code": item_code, "warehouse": warehouse}, "valuation_rate"
	)
	return flt(rate) or flt(frappe.db.get_value("Item", item_code, "valuation_rate"))


def stock_entry(
	purpose: str,
	item_code: str,
	serial: str,
	source: str | None = None,
	target: str | None = None,
	rma: str | None = None,
	rate: float = 0.0,
	remarks: str | None = None,
) -> str:
	"""One submitted Stock Entry moving one serial-numbered unit. A receipt at rate 0 is booked at zero
	valuation (a returned faulty unit is worth nothing until repaired)."""
	entry = frappe.new_doc("Stock Entry")
	entry.update(
		{
			"company": company(),
			"purpose": purpose,
			"stock_entry_type": purpose,
			"hezo_rma": rma,
			"remarks": remarks,
		}
	)
	entry.append(
		"items",
		{
			"item_code": item_code,
			"qty": 1,
			"s_warehouse": source,
			"t_warehouse": target,
			"basic_rate": rate,
			"allow_zero_valuation_rate": 0 if rate else 1,
			"use_serial_batch_fields": 1,
			"serial_no": serial,
		},
	)
	entry.insert(ignore_permissions=True)
	entry.submit()
	return entry.name


def delivery_customer(rma: HEZORMA) -> str:
	"""The ERPNext Customer the replacement is delivered to: the RMA's (end) customer."""
	if not rma.customer or not frappe.db.exists("Customer", rma.customer):
		frappe.throw(
			_(
				"RMA {0}: customer {1} is not an ERPNext Customer; the replacement cannot be delivered."
			).format(rma.name, rma.customer),
			StockMoveError,
		)
	return rma.customer


def ship_replacement(rma: HEZORMA) -> str:
	"""The reserved spare unit leaves its spare warehouse on a Delivery Note to the customer, at zero
	rate (the replacement is not sold; an unreturned faulty unit is invoiced by finance from here)."""
	warehouse, status = serial_location(rma.spare_unit)
	if status != "Active" or not warehouse:
		frappe.throw(
			_("Spare unit {0} is not in stock (status {1}).").format(rma.spare_unit, _(status or "-")),
			StockMoveError,
		)
	note = frappe.new_doc("Delivery Note")
	note.update(
		{
			"company": company(),
			"customer": delivery_customer(rma),
			"hezo_rma": rma.name,
			"set_warehouse": warehouse,
			"transporter_name": rma.carrier,
			"lr_no": rma.outbound_waybill,
			"instructions": _("Advance replacement for {0} (RMA {1})").format(rma.faulty_device, rma.name),
		}
	)
	note.append(
		"items",
		{
			"item_code": rma.model,
			"qty": 1,
			"rate": 0,
			"price_list_rate": 0,
			"warehouse": warehouse,
			"use_serial_batch_fields": 1,
			"serial_no": rma.spare_unit,
		},
	)
	note.insert(ignore_permissions=True)
	note.submit()
	# shipped: the reservation has done its work (the Delivery Note keeps the link to the RMA)
	frappe.db.set_value("Serial No", rma.spare_unit, "hezo_reserved_for_rma", None)
	return note.name


def post(rma: HEZORMA, move: StockMove) -> str:
	"""The stock transaction of a lifecycle step's move (core/rma/lifecycle.py names the roles)."""
	if (move.source, move.target) == (SPARE, CUSTOMER):
		return ship_replacement(rma)
	if move.source is None and move.target in (RETURNS, REPAIR):
		return receive_faulty(rma, move.target)
	if (move.source, move.target) == (RETURNS, REPAIR):
		return send_to_repair(rma)
	raise ValueError(f"no stock transaction for {move}")


def receive_faulty(rma: HEZORMA, role: str) -> str:
	"""The faulty unit comes back: received at zero valuation into the returns warehouse, or into the
	repair warehouse when the customer sent it straight to the manufacturer (the step decides which)."""
	target = role_warehouse(role)
	warehouse, _status = serial_location(rma.faulty_device)
	if warehouse:
		frappe.throw(
			_("Unit {0} is already in warehouse {1}.").format(rma.faulty_device, warehouse), StockMoveError
		)
	return stock_entry(
		"Material Receipt",
		rma.model,
		rma.faulty_device,
		target=target,
		rma=rma.name,
		remarks=_("Faulty unit returned (RMA {0})").format(rma.name),
	)


def send_to_repair(rma: HEZORMA) -> str:
	"""The returned unit goes to the manufacturer or to repair: it stays ours, so it is transferred."""
	source = role_warehouse("returns")
	warehouse, _status = serial_location(rma.faulty_device)
	if warehouse != source:
		frappe.throw(
			_("Unit {0} is not in the returns warehouse {1}; receive it first.").format(
				rma.faulty_device, source
			),
			StockMoveError,
		)
	return stock_entry(
		"Material Transfer",
		rma.model,
		rma.faulty_device,
		source=source,
		target=role_warehouse("repair"),
		rma=rma.name,
		remarks=_("Sent to the manufacturer / repair (RMA {0})").format(rma.name),
	)


def into_spare_stock(serial: str, item_code: str, warehouse: str, rate: float = 0.0) -> str:
	"""A unit enters a spare warehouse: transferred from the warehouse it is in (a repaired unit), or
	received (a new unit, or one the manufacturer sent in exchange). Linked to the RMA the unit came
	back on, if any."""
	if not is_spare_warehouse(warehouse):
		frappe.throw(_("Warehouse {0} is not a HEZO spare warehouse.").format(warehouse), StockMoveError)
	source, _status = serial_location(serial)
	if source == warehouse:
		frappe.throw(_("Unit {0} is already in stock in {1}.").format(serial, warehouse), StockMoveError)
	rma = frappe.db.get_value(
		"HEZO RMA", {"faulty_device": serial, "status": ["!=", "Cancelled"]}, "name", order_by="creation desc"
	)
	if source:
		return stock_entry(
			"Material Transfer", item_code, serial, source=source, target=warehouse, rma=rma, rate=rate
		)
	return stock_entry(
		"Material Receipt",
		item_code,
		serial,
		target=warehouse,
		rma=rma,
		rate=rate or valuation_rate(item_code, warehouse),
	)


def ensure_warehouse(name: str, spare: bool = False, address: str = "ul. Serwisowa 1") -> str:
	"""The company's warehouse `name` (ERPNext names it "<name> - <abbr>"), made when missing; `spare`:
	its units are spare stock RMAs may reserve. The address is where returned units are sent."""
	import erpnext

	company = erpnext.get_default_company()
	existing = frappe.db.get_value("Warehouse", {"warehouse_name": name, "company": company})
	if existing:
		return existing
	warehouse = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": name,
			"company": company,
			"hezo_spare_warehouse": int(spare),
			"address_line_1": address,
			"pin": "02-001",
			"city": "Warszawa",
		}
	)
	warehouse.insert(ignore_permissions=True)
	# ERPNext keeps the warehouse -> account map for the rest of the request or job: a stock entry
	# into the new warehouse later in the same process must not read the map from before it
	frappe.flags.pop("warehouse_account_map", None)
	return warehouse.name
