"""RMA demo data on top of `bench --site S hezo-demo` (a separate module, so the demo of issue 3 stays
as it is): `bench --site S execute hezo_service.rma_demo.make_rma_demo`.

A warehouse with spare units, and RMAs in several states: delivered with the return waybill issued,
one awaiting stock, one from the manufacturer's hub shipped, one delivered 20 days ago and never
returned (overdue and chargeable after the daily job). Times are in the past; nothing is frozen."""

from __future__ import annotations

from datetime import timedelta

import frappe

from hezo_service.services.rma_returns import run_daily
from hezo_service.services.spare_stock import check_low_stock
from hezo_service.services.timezone import now, stored

WAREHOUSE = "Magazyn Warszawa"


def _confirmed_ticket(contract: str, subject: str, days_ago: float) -> str:
	row = frappe.db.sql(
		"""select d.device, c.contract_no from `tabHEZO Contract Device` d join `tabHEZO Contract` c
		on c.name = d.parent join `tabHEZO Device` x on x.name = d.device
		where c.name = %s and x.replaces is null and not exists (select 1 from `tabHEZO RMA` r
		where r.faulty_device = d.device) order by d.idx limit 1""",
		contract,
		as_dict=True,
	)[0]
	plan = frappe.db.get_value("HEZO Contract", contract, "plan")
	priority = "P2" if plan.startswith("COCARE") else "Critical"
	ticket = frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"subject": subject,
			"serial_no": row.device,
			"contract_no": row.contract_no,
			"priority": priority,
			"channel": "Phone",
			"reporter_name": "Anna Nowak",
			"reporter_email": "anna.nowak@example.com",
			"reported_at": stored(now() - timedelta(days=days_ago, hours=2)),
		}
	).insert()
	ticket.status = "Verification"
	ticket.save()
	ticket.interview_done, ticket.logs_received, ticket.status = 1, 1, "Confirmed"
	ticket.save()
	confirmed = stored(now() - timedelta(days=days_ago))
	frappe.db.set_value("HEZO Ticket", ticket.name, "validity_confirmed_at", confirmed, update_modified=False)
	ticket.reload()
	ticket.save()  # recompute the delivery clock from the confirmation time
	return ticket.name


def _rma(ticket: str, **fields):
	return frappe.get_doc({"doctype": "HEZO RMA", "ticket": ticket, **fields}).insert()


def _ship_deliver(rma, shipped_ago: float, delivered_ago: float | None, serial: str | None = None):
	rma.reload()
	rma.carrier, rma.outbound_waybill = "DHL Express", f"JD0146{rma.name[-5:]}PL"
	rma.shipped_at = stored(now() - timedelta(days=shipped_ago))
	if serial:
		rma.replacement_serial = serial
	rma.save()
	if delivered_ago is not None:
		rma.delivered_at = stored(now() - timedelta(days=delivered_ago))
		rma.save()
	return rma


def make_rma_demo(commit: bool = True) -> list[str]:
	if frappe.db.exists("HEZO Warehouse", WAREHOUSE):
		print("RMA demo data is already there.")
		return []
	frappe.get_doc(
		{
			"doctype": "HEZO Warehouse",
			"warehouse_name": WAREHOUSE,
			"address": "ul. Przykładowa 1\n02-001 Warszawa",
		}
	).insert()
	for serial, model, vendor in (
		("SPARE-RB-0001", "Rally Bar", "Logitech"),
		("SPARE-FG-0001", "FortiGate 100F", "Fortinet"),
		("SPARE-FG-0002", "FortiGate 100F", "Fortinet"),
		("SPARE-OS-0001", "OceanStor 5310", "Huawei"),
	):
		frappe.get_doc(
			{
				"doctype": "HEZO Spare Unit",
				"serial_no": serial,
				"model": model,
				"vendor": vendor,
				"warehouse": WAREHOUSE,
			}
		).insert()
	contracts = dict(
		frappe.db.sql(
			"select plan, name from `tabHEZO Contract` where name like 'DEMO-%%' and status = 'Active'"
		)
	)
	made = []
	# 1. HEZO 360: delivered yesterday from spare stock, return waybill issued (customer pays the return)
	rma = _rma(
		_confirmed_ticket(contracts["HEZO-360"], "FortiGate nie uruchamia się po aktualizacji", 1.2),
		warehouse=WAREHOUSE,
	)
	rma = _ship_deliver(rma, 1.1, 0.9)
	rma.return_waybill, rma.return_carrier, rma.return_destination = "6200451198PL", "InPost", "Desk"
	rma.save()
	made.append(rma.name)
	# 2. CoCare Basic (NBD-S): ordered from the manufacturer's hub, shipped (meets the ship-by clock)
	rma = _rma(
		_confirmed_ticket(contracts["COCARE-BASIC"], "Switch S5735 restartuje się", 0.6),
		replacement_source="Manufacturer hub",
		vendor_case_no="HW-CASE-88213",
		vendor_rma_no="HW-RMA-55102",
	)
	made.append(_ship_deliver(rma, 0.3, None, serial="HW5735-HUB-7781").name)
	# 3. SOS: delivered 23 days ago, never returned: overdue and chargeable after the daily job
	rma = _rma(
		_confirmed_ticket(contracts["SOS-8X5-NBD"], "Macierz OceanStor: awaria kontrolera", 24),
		warehouse=WAREHOUSE,
	)
	rma = _ship_deliver(rma, 23.8, 23.5)
	rma.return_waybill, rma.return_carrier = "6200451277PL", "DHL Express"
	rma.save()
	made.append(rma.name)
	# 4. HEZO+: no Rally Bar left after the first one: waits for stock
	_rma(_confirmed_ticket(contracts["HEZO-360"], "Drugi FortiGate: zasilacz", 0.2), warehouse=WAREHOUSE)
	if "HEZO-PLUS" in contracts:
		made.append(_rma(_confirmed_ticket(contracts["HEZO-PLUS"], "Rally Bar: brak obrazu", 0.1)).name)
		made.append(_rma(_confirmed_ticket(contracts["HEZO-PLUS"], "Rally Bar: brak dźwięku", 0.05)).name)
	run_daily(commit=False)
	check_low_stock()
	if commit:
		frappe.db.commit()
	print("RMA demo:", ", ".join(made))
	return made
