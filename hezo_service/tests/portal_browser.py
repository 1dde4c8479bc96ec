"""Data for the tier-3 browser tests (`browser_tests/`): one end customer with a covered device, on
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
		frappe.delete_doc("User", BROWSER_USER, force=True, ignore_permissions=True)
	if frappe.db.get_single_value("System Settings", "time_zone") != "Europe/Warsaw":
		frappe.db.set_single_value("System Settings", "time_zone", "Europe/Warsaw")
	ensure_outgoing_email_account()
	frappe.cache.delete_keys("rl:hezo_service.api.portal.")  # sign-up rate limit of earlier runs
	customer = make_customer(NIPS[2], "Przeglądarka Sp. z o.o.")
	device = make_device("BRW0001", customer, model="Rally Bar", vendor="Logitech")
	other = make_customer(NIPS[1], "Inna Firma S.A.")
	other_device = make_device("BRW9999", other, model="Rally Bar", vendor="Logitech")
	for number, owner, covered in (("HZ-BRW-1", customer, device), ("HZ-BRW-9", other, other_device)):
		if not frappe.db.exists("HEZO Contract", number):
			make_contract(
				number,
				owner,
				"HEZO-PLUS",
				[covered],
				start=add_days(nowdate(), -30),
				end=add_days(nowdate(), 300),
			)
	frappe.db.commit()
	data = {
		"nip": NIPS[2],
		"serial": device,
		"contract": "HZ-BRW-1",
		"other_serial": other_device,
		"other_contract": "HZ-BRW-9",
	}
	print(json.dumps(data))
	return data
