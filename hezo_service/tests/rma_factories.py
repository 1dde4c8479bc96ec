"""RMA test data, made through the real controllers (kept apart from factories.py for the merge).

Spare stock is ERPNext stock: a model is a serialised stock Item, spare units are its Serial Nos received
into a Warehouse flagged `hezo_spare_warehouse` by a submitted Material Receipt."""

from __future__ import annotations

import frappe
from erpnext import get_default_company

from hezo_service.services.contracts.devices import ensure_model_item
from hezo_service.tests.factories import make_contract, make_customer, make_device, make_ticket

SPARE_WAREHOUSE = "HEZO Spare Stock"
RETURNS_WAREHOUSE = "HEZO Returns"
REPAIR_WAREHOUSE = "HEZO At Manufacturer"
SPARE_RATE = 100.0  # what a test spare unit is booked at (PLN)


def company() -> str:
	return get_default_company()


def make_item(model: str, vendor: str = "Logitech") -> str:
	"""The model as ERPNext sees it (services/contracts/devices.py), valued for stock transactions."""
	ensure_model_item(model, vendor)
	if not frappe.db.get_value("Item", model, "valuation_rate"):
		frappe.db.set_value("Item", model, "valuation_rate", SPARE_RATE)
	return model


def make_warehouse(name: str = SPARE_WAREHOUSE, spare: bool = True) -> str:
	"""A warehouse of the site's company (ERPNext names it "<name> - <abbr>")."""
	existing = frappe.db.get_value("Warehouse", {"warehouse_name": name, "company": company()})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Warehouse",
				"warehouse_name": name,
				"company": company(),
				"hezo_spare_warehouse": 1 if spare else 0,
				"address_line_1": "ul. Serwisowa 1",
				"pin": "02-001",
				"city": "Warszawa",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def stock_roles() -> tuple[str, str]:
	"""The returns and repair warehouses, named in HEZO Settings. Returns (returns, repair)."""
	returns, repair = (
		make_warehouse(RETURNS_WAREHOUSE, spare=False),
		make_warehouse(REPAIR_WAREHOUSE, spare=False),
	)
	frappe.db.set_single_value(
		"HEZO Settings", {"rma_returns_warehouse": returns, "rma_repair_warehouse": repair}
	)
	frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
	return returns, repair


def make_spare(
	serial: str, model: str, warehouse: str | None = None, vendor: str = "Logitech", **flags
) -> str:
	"""A spare unit received into a spare warehouse by a submitted Material Receipt. `no_allocate=True`
	keeps it from serving the RMAs waiting for its model (a race test hands it out itself)."""
	make_item(model, vendor)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company(),
			"purpose": "Material Receipt",
			"stock_entry_type": "Material Receipt",
			"items": [
				{
					"item_code": model,
					"qty": 1,
					"t_warehouse": warehouse or make_warehouse(),
					"basic_rate": SPARE_RATE,
					"use_serial_batch_fields": 1,
					"serial_no": serial.upper(),
				}
			],
		}
	)
	entry.flags.update({f"hezo_{key}": value for key, value in flags.items()})
	entry.insert(ignore_permissions=True)
	entry.submit()
	return serial.upper()


def confirmed_ticket(
	serial: str,
	contract_no: str,
	plan: str = "HEZO-PLUS",
	priority: str = "Critical",
	nip: str = "5260250995",
	model: str = "Rally Bar",
	reporter_email: str = "it@customer.example",
):
	"""A device on a contract and a ticket whose validity is confirmed (delivery clock running). The
	model exists as an Item and the customer as an ERPNext Customer (stock transactions need both)."""
	customer = make_customer(nip)
	make_item(model)
	make_device(serial, customer, model=model, vendor="Logitech")
	if not frappe.db.exists("HEZO Contract", contract_no):
		make_contract(contract_no, customer, plan, [serial.upper()])
	ticket = make_ticket(serial, contract_no, priority, reporter_email=reporter_email)
	ticket.status = "Verification"
	ticket.save()
	ticket.interview_done = 1
	ticket.tests_done = 1
	ticket.status = "Confirmed"
	ticket.save()
	return ticket


def make_rma(ticket: str, **fields):
	return frappe.get_doc({"doctype": "HEZO RMA", "ticket": ticket, **fields}).insert()


def confirmed_at(rma_name: str) -> str:
	"""The failure's confirmation as stored: under the tests' ticking clock, the frozen time plus however
	long the set-up took. Shipping or delivering "at once" means at this time, never at the frozen literal."""
	return str(frappe.db.get_value("HEZO RMA", rma_name, "validity_confirmed_at"))


def ship(rma_name: str, at: str, serial: str | None = None, carrier: str = "DHL", waybill: str = "WB-OUT-1"):
	rma = frappe.get_doc("HEZO RMA", rma_name)
	rma.carrier, rma.outbound_waybill, rma.shipped_at = carrier, waybill, at
	if serial:
		rma.replacement_serial = serial
	rma.save()
	return rma


def deliver(rma_name: str, at: str):
	rma = frappe.get_doc("HEZO RMA", rma_name)
	rma.delivered_at = at
	rma.save()
	return rma
