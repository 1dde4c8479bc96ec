"""Data of the partners' browser test (browser_tests/test_partner_browser.py), committed on the served
test site by `portal_browser.prepare`: partner "Partner Przeglądarka IT" with a portal user and a
password, its end customer with a contract ending within 90 days (to renew) and one next year, and a
submitted Sales Invoice of the partner's. A re-run on a dev site reuses it and forgets its requests."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, today
from frappe.utils.password import update_password

from hezo_service.services.portal.signup import add_portal_user
from hezo_service.tests.factories import make_customer, make_device, make_partner, make_user
from hezo_service.tests.partner_fixtures import partner_contract, partner_invoice

PARTNER_USER = "partner@partner-przegladarka.example"
PARTNER_PASSWORD = "Hz!Partner-2026-secure#5"
PARTNER_NIP, CUSTOMER_NIP = "8374129129", "8374129135"


def prepare_partner() -> dict:
	on = getdate(today())
	make_user(PARTNER_USER, "HEZO Customer")
	update_password(PARTNER_USER, PARTNER_PASSWORD)
	partner = make_partner("Partner Przeglądarka IT Sp. z o.o.", PARTNER_NIP)
	customer = make_customer(CUSTOMER_NIP, "Klient Partnera Sp. z o.o.")
	contracts = {}
	for key, serial, start, end in (
		("due", "BRWP0001", -300, 30),
		("later", "BRWP0002", -10, 200),
	):
		number = f"HZ-BRW-P-{key.upper()}"
		if not frappe.db.exists("HEZO Contract", number):
			device = make_device(serial, customer, model="Rally Bar", vendor="Logitech")
			partner_contract(number, customer, partner, [device], add_days(on, start), add_days(on, end))
		contracts[key] = number
	# a dev site's earlier run: its draft quotations go, so the renewal can be requested again
	for name in frappe.get_all(
		"Quotation Item", filters={"hezo_renews_contract": contracts["due"], "docstatus": 0}, pluck="parent"
	):
		frappe.delete_doc("Quotation", name, force=True, ignore_permissions=True)
	add_portal_user(partner, PARTNER_USER)
	if not frappe.db.exists("Sales Invoice", {"customer": partner, "docstatus": 1}):
		partner_invoice(partner, 2460.0)
	frappe.db.commit()
	return {
		"user": PARTNER_USER,
		"password": PARTNER_PASSWORD,
		"partner": partner,
		"customer_name": "Klient Partnera",
		"customer_nip": CUSTOMER_NIP,
		"due": contracts["due"],
		"later": contracts["later"],
	}
