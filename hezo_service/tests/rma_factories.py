"""RMA test data, made through the real controllers (kept apart from factories.py for the merge)."""

from __future__ import annotations

import frappe

from hezo_service.tests.factories import make_contract, make_customer, make_device, make_ticket


def make_warehouse(name: str = "WAW Spare Stock") -> str:
	if frappe.db.exists("HEZO Warehouse", name):
		return name
	return frappe.get_doc({"doctype": "HEZO Warehouse", "warehouse_name": name}).insert().name


def make_spare(serial: str, model: str, warehouse: str | None = None, **flags) -> str:
	unit = frappe.get_doc(
		{
			"doctype": "HEZO Spare Unit",
			"serial_no": serial,
			"model": model,
			"vendor": "Logitech",
			"warehouse": warehouse or make_warehouse(),
		}
	)
	unit.flags.update(flags)
	return unit.insert().name


def confirmed_ticket(
	serial: str,
	contract_no: str,
	plan: str = "HEZO-PLUS",
	priority: str = "Critical",
	nip: str = "5260250995",
	model: str = "Rally Bar",
	reporter_email: str = "it@customer.example",
):
	"""A device on a contract and a ticket whose validity is confirmed (delivery clock running)."""
	customer = make_customer(nip)
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
