"""Data for the tier-3 browser tests (`browser_tests/`): one end customer with a covered device (and a
second one whose replacement came through an RMA: shipped, delivered, return waybill issued), on
the fresh test site of ./run-tests. `bench --site S execute hezo_service.tests.portal_browser.prepare`
prints the sign-up triple as JSON."""

from __future__ import annotations

import json

import frappe
from frappe.utils import add_days, nowdate

from hezo_service.tests.factories import (
	NIPS,
	ensure_outgoing_email_account,
	make_contract,
	make_customer,
	make_device,
)

BROWSER_USER = "jan.kowalski@przegladarka.example"


def prepare() -> dict:
	frappe.set_user("Administrator")
	if frappe.db.exists("User", BROWSER_USER):  # a re-run on a dev site
		frappe.db.delete("HEZO Portal Access", {"user": BROWSER_USER})
		frappe.db.delete("Portal User", {"user": BROWSER_USER})
		frappe.delete_doc("User", BROWSER_USER, force=True, ignore_permissions=True)
	if frappe.db.get_single_value("System Settings", "time_zone") != "Europe/Warsaw":
		frappe.db.set_single_value("System Settings", "time_zone", "Europe/Warsaw")
	ensure_outgoing_email_account()
	frappe.cache.delete_keys("hezo-budget:")  # sign-up budgets of earlier runs (attack tier included)
	customer = make_customer(NIPS[2], "Przeglądarka Sp. z o.o.")
	device = make_device("BRW0001", customer, model="Rally Bar", vendor="Logitech")
	rma_device = make_device("BRW0002", customer, model="Rally Bar", vendor="Logitech")
	shipped_device = make_device("BRW0003", customer, model="Rally Bar", vendor="Logitech")
	other = make_customer(NIPS[1], "Inna Firma S.A.")
	other_device = make_device("BRW9999", other, model="Rally Bar", vendor="Logitech")
	for number, owner, covered in (
		("HZ-BRW-1", customer, [device]),
		("HZ-BRW-2", customer, [rma_device]),
		("HZ-BRW-3", customer, [shipped_device]),
		("HZ-BRW-9", other, [other_device]),
	):
		if not frappe.db.exists("HEZO Contract", number):
			make_contract(
				number,
				owner,
				"HEZO-PLUS",
				covered,
				start=add_days(nowdate(), -30),
				end=add_days(nowdate(), 300),
			)
	rma = prepare_rma(rma_device, "HZ-BRW-2")
	shipped = prepare_rma(shipped_device, "HZ-BRW-3", delivered=False)
	from hezo_service.tests.partner_browser import prepare_partner

	partner = prepare_partner()  # the partners' portal (browser_tests/test_partner_browser.py)
	frappe.db.commit()
	data = {
		"nip": NIPS[2],
		"serial": device,
		"contract": "HZ-BRW-1",
		"other_serial": other_device,
		"other_contract": "HZ-BRW-9",
		# RMAs in the portal
		"rma": rma.name,
		"rma_device": rma_device,
		"replacement": rma.replacement_device,
		"outbound_waybill": rma.outbound_waybill,
		"return_waybill": rma.return_waybill,
		"devices": sorted([device, rma_device, shipped_device, rma.replacement_device]),
		# on its way: the customer confirms its receipt (browser_tests/test_customer_business.py)
		"shipped_rma": shipped.name,
		"shipped_replacement": shipped.replacement_serial,
		"partner": partner,
	}
	print(json.dumps(data))
	return data


def prepare_rma(serial: str, contract: str, delivered: bool = True):
	"""The RMA of a confirmed ticket on `serial`, the replacement from the manufacturer's hub shipped
	and (`delivered`) delivered now, the return waybill issued (through the RMA controller and
	services). A re-run on a dev site reuses it."""
	from hezo_service.services.common.timezone import now, stored
	from hezo_service.tests.factories import make_ticket

	existing = frappe.db.get_value("HEZO RMA", {"faulty_device": serial, "status": ["!=", "Cancelled"]})
	if existing:
		return frappe.get_doc("HEZO RMA", existing)
	ticket = make_ticket(serial, contract, "Critical", subject="Rally Bar: brak obrazu")
	ticket.status = "Verification"
	ticket.save()
	ticket.interview_done = ticket.tests_done = 1
	ticket.status = "Confirmed"
	ticket.save()
	rma = frappe.get_doc(
		{"doctype": "HEZO RMA", "ticket": ticket.name, "replacement_source": "Manufacturer hub"}
	).insert()
	at = stored(now())
	rma.replacement_serial, rma.carrier, rma.outbound_waybill, rma.shipped_at = (
		f"{serial}R",
		"DHL",
		"WB-BRW-OUT-31337",
		at,
	)
	rma.save()
	if delivered:
		rma.delivered_at = at
		rma.save()
		rma.return_waybill, rma.return_carrier = "WB-BRW-RET-27182", "DHL Express"
		rma.save()
	return rma
