"""A covered device is an ERPNext Serial No of a serialised Item: its service data, its coverage in
ERPNext's terms (AMC expiry, maintenance status) through a contract's life, intake by serial and the
connections its form shows."""

import frappe
from frappe.desk.notifications import get_open_count

from hezo_service.services.contracts import lifecycle
from hezo_service.services.contracts.devices import device_info, sync_coverage
from hezo_service.services.tickets.intake import NotCoveredError
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)

COVERAGE = ["hezo_contract", "amc_expiry_date", "maintenance_status"]


def coverage(serial: str) -> tuple:
	contract, expiry, status = frappe.db.get_value("Serial No", serial, COVERAGE)
	return contract, str(expiry) if expiry else None, status


class TestSerialNoDevice(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[2])

	def test_a_device_is_a_serial_no_of_a_serialised_item(self):
		serial = make_device(" fg 100f-sn1 ", self.customer, model="FG-100F", vendor="Fortinet")
		self.assertEqual(serial, "FG100F-SN1")
		item = frappe.get_doc("Item", "FG-100F")
		self.assertEqual((item.has_serial_no, item.is_stock_item, item.brand), (1, 1, "Fortinet"))
		self.assertTrue(frappe.db.exists("Brand", "Fortinet"))
		info = device_info(serial)
		self.assertEqual(
			(info.vendor, info.model, info.family, info.customer),
			("Fortinet", "FG-100F", "FG-100F", self.customer),
		)
		# the service data are custom fields of ERPNext's own records, synced on install and migrate
		serial_no = frappe.get_meta("Serial No")
		for field in ("hezo_customer", "hezo_contract", "hezo_service_status", "hezo_site_address"):
			self.assertTrue(serial_no.has_field(field), field)
		self.assertEqual(serial_no.get_field("hezo_customer").options, "Customer")
		self.assertTrue(frappe.get_meta("Item").has_field("hezo_family"))
		# the service's links point at the Serial No, keeping their fieldnames
		for doctype, field in (
			("HEZO Contract Device", "device"),
			("HEZO Ticket", "device"),
			("HEZO RMA", "faulty_device"),
			("HEZO RMA", "replacement_device"),
			("HEZO Device Event", "device"),
		):
			self.assertEqual(frappe.get_meta(doctype).get_field(field).options, "Serial No", doctype)
		self.assertFalse(frappe.db.exists("DocType", "HEZO Device"))

	def test_coverage_through_activation_renewal_expiry_and_cancellation(self):
		make_device("COV-1", self.customer)
		make_device("COV-2", self.customer)
		with self.freeze_time("2026-06-01 10:00:00"):
			make_contract("CV-1", self.customer, "HEZO-360", ["COV-1"], status="Draft")
			self.assertEqual(coverage("COV-1"), (None, None, None))  # a draft covers nothing
			contract = frappe.get_doc("HEZO Contract", "CV-1")
			contract.status = "Active"
			contract.save()
			self.assertEqual(coverage("COV-1"), ("CV-1", "2026-12-31", "Under AMC"))
			# a renewal during validity: the old term still covers until its end
			renewal = lifecycle.renew("CV-1")
			self.assertEqual(coverage("COV-1"), ("CV-1", "2026-12-31", "Under AMC"))
		with self.freeze_time("2027-01-01 06:00:00"):
			lifecycle.update_statuses()
			self.assertEqual(coverage("COV-1"), (renewal, "2027-12-31", "Under AMC"))
		with self.freeze_time("2028-01-01 06:00:00"):
			lifecycle.update_statuses()
			# expired: Out of AMC, the expiry date of the last term kept
			self.assertEqual(coverage("COV-1"), (None, "2027-12-31", "Out of AMC"))
			self.assertEqual(lifecycle.update_statuses()["devices"], 0)  # a second run changes nothing
		with self.freeze_time("2026-06-01 10:00:00"):
			make_contract("CV-2", self.customer, "HEZO-360", ["COV-2"])
			self.assertEqual(coverage("COV-2"), ("CV-2", "2026-12-31", "Under AMC"))
			contract = frappe.get_doc("HEZO Contract", "CV-2")
			contract.status = "Cancelled"
			contract.save()
			self.assertEqual(coverage("COV-2"), (None, None, "Out of AMC"))

	def test_coverage_is_restated_from_the_contracts_whatever_was_written(self):
		make_device("COV-3", self.customer)
		with self.freeze_time("2026-06-01 10:00:00"):
			make_contract("CV-3", self.customer, "HEZO-360", ["COV-3"])
			sync_coverage()  # the rest of the site as of the frozen day (a load run's year may be there)
			frappe.db.set_value(
				"Serial No",
				"COV-3",
				{"hezo_contract": None, "amc_expiry_date": None, "maintenance_status": None},
			)
			self.assertEqual(sync_coverage(), 1)
			self.assertEqual(coverage("COV-3"), ("CV-3", "2026-12-31", "Under AMC"))
			self.assertEqual(sync_coverage(), 0)

	def test_intake_finds_the_device_and_its_coverage_by_serial(self):
		make_device("INT-1", self.customer, model="Rally Bar", vendor="Logitech")
		with self.freeze_time("2026-06-01 10:00:00"):
			make_contract("CV-INT", self.customer, "HEZO-PLUS", ["INT-1"])
			ticket = make_ticket(" int-1 ", "cv-int")
			self.assertEqual(
				(ticket.device, ticket.contract, ticket.customer), ("INT-1", "CV-INT", self.customer)
			)
			make_device("INT-2", self.customer, model="Rally Bar", vendor="Logitech")
			with self.assertRaises(NotCoveredError):
				make_ticket("INT-2", "CV-INT")

	def test_serial_no_form_shows_contracts_tickets_rmas_and_events(self):
		data = frappe.get_meta("Serial No").get_dashboard_data()
		items = {item for group in data.transactions for item in group["items"]}
		self.assertLessEqual({"HEZO Contract", "HEZO Ticket", "HEZO RMA", "HEZO Device Event"}, items)
		self.assertEqual(data.non_standard_fieldnames["HEZO Contract"], "device")
		self.assertEqual(data.non_standard_fieldnames["HEZO RMA"], "faulty_device")
		make_device("DASH-1", self.customer)
		with self.freeze_time("2026-06-01 10:00:00"):
			make_contract("CV-DASH", self.customer, "HEZO-360", ["DASH-1"])
			make_ticket("DASH-1", "CV-DASH")
			make_ticket("DASH-1", "CV-DASH", subject="Again")
		try:
			found = get_open_count("Serial No", "DASH-1")["count"]["external_links_found"]
		finally:
			frappe.db.set_execution_timeout(0)  # get_open_count limits the session's statements to 1 s
		counts = {row["doctype"]: row["count"] for row in found}
		# the contract is found through its device rows (a child table)
		self.assertEqual((counts["HEZO Contract"], counts["HEZO Ticket"], counts["HEZO RMA"]), (1, 2, 0))
