"""The RMA lifecycle: a confirmed failure, a reserved spare unit, shipping, delivery with the serial
swap (and its atomicity), the return, re-entry into stock and the ticket's delivery clock."""

from datetime import timedelta

import frappe
from frappe.utils import get_datetime

from hezo_service.services.rma.rma import CoverageSwapError, RMAError, RMAStateError
from hezo_service.services.rma.spare_stock import restock
from hezo_service.tests.factories import HEZOTestCase, make_contract, make_customer, make_device, make_ticket
from hezo_service.tests.rma_factories import (
	confirmed_at,
	confirmed_ticket,
	deliver,
	make_rma,
	make_spare,
	make_warehouse,
	ship,
)

# a device is an ERPNext Serial No: ERPNext's own test records for it (and its Item, Company,
# accounts) assume ERPNext's test company, which a site set up for the distributor does not have
test_ignore = ["Serial No"]


def contract_devices(contract: str) -> list[str]:
	return sorted(frappe.get_all("HEZO Contract Device", {"parent": contract}, pluck="device"))


def device_events(device: str) -> list[tuple[str, str | None]]:
	return sorted(
		(e.event, e.other_device)
		for e in frappe.get_all("HEZO Device Event", {"device": device}, ["event", "other_device"])
	)


class TestRMALifecycle(HEZOTestCase):
	def test_whole_lifecycle_from_spare_stock(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			make_spare("SPARE-1", "Rally Bar")
			ticket = confirmed_ticket("LOGI-1", "HZP-1")
			# Critical 24x7: 8 h from the confirmation as stored (after the set-up, under the ticking clock)
			self.assertEqual(
				get_datetime(ticket.delivery_due) - get_datetime(ticket.validity_confirmed_at),
				timedelta(hours=8),
			)
			rma = make_rma(ticket.name)
		self.assertTrue(rma.name.startswith("RMA-2026-"))
		self.assertEqual(
			(rma.status, rma.spare_unit, rma.replacement_serial), ("Reserved", "SPARE-1", "SPARE-1")
		)
		self.assertEqual(
			(rma.customer, rma.contract, rma.faulty_device), (ticket.customer, "HZP-1", "LOGI-1")
		)
		self.assertEqual(
			(rma.model, rma.return_payer, rma.delivery_kind), ("Rally Bar", "Distributor", "hours")
		)
		self.assertEqual(
			frappe.db.get_value("HEZO Spare Unit", "SPARE-1", ["status", "rma"]), ("Reserved", rma.name)
		)

		with self.freeze_time("2026-11-23 12:30:00"):
			rma = ship(rma.name, "2026-11-23 12:00:00")
		self.assertEqual(rma.status, "Shipped")
		self.assertEqual(frappe.db.get_value("HEZO Spare Unit", "SPARE-1", "status"), "Shipped")
		self.assertIsNone(
			frappe.db.get_value("HEZO Ticket", ticket.name, "delivered_at")
		)  # shipping is not delivery

		with self.freeze_time("2026-11-23 16:05:00"):
			rma = deliver(rma.name, "2026-11-23 16:00:00")
		self.assertEqual(
			(rma.status, rma.replacement_device, rma.return_status),
			("Delivered", "SPARE-1", "Awaiting return"),
		)
		self.assertEqual(str(rma.return_due), "2026-11-30 23:59:59")  # end of the 7th day after delivery
		ticket.reload()
		self.assertEqual((str(ticket.delivered_at), ticket.delivery_state), ("2026-11-23 16:00:00", "Met"))
		self.assertTrue(
			frappe.db.exists("HEZO SLA Event", {"ticket": ticket.name, "clock": "delivery", "event": "Met"})
		)
		# the serial swap: coverage moved, genealogy both ways
		self.assertEqual(contract_devices("HZP-1"), ["SPARE-1"])
		faulty = frappe.get_doc("Serial No", "LOGI-1")
		replacement = frappe.get_doc("Serial No", "SPARE-1")
		self.assertEqual(
			(faulty.hezo_service_status, faulty.hezo_replaced_by, faulty.hezo_contract),
			("Replaced", "SPARE-1", None),
		)
		# coverage in ERPNext's terms moved with the contract's row
		self.assertEqual((faulty.maintenance_status, faulty.amc_expiry_date), ("Out of AMC", None))
		self.assertEqual(
			(replacement.hezo_service_status, replacement.hezo_replaces, replacement.hezo_contract),
			("Active", "LOGI-1", "HZP-1"),
		)
		self.assertEqual(
			(replacement.maintenance_status, str(replacement.amc_expiry_date), replacement.item_code),
			("Under AMC", "2026-12-31", "Rally Bar"),
		)
		self.assertEqual(
			(replacement.hezo_customer, replacement.hezo_site_address),
			(faulty.hezo_customer, faulty.hezo_site_address),
		)
		# the faulty unit keeps its history: its ticket and RMA still name it
		self.assertEqual(frappe.db.get_value("HEZO Ticket", ticket.name, "device"), "LOGI-1")
		self.assertEqual(frappe.db.get_value("HEZO RMA", rma.name, "faulty_device"), "LOGI-1")
		self.assertEqual(
			device_events("LOGI-1"), [("Coverage moved out", "SPARE-1"), ("Replaced by", "SPARE-1")]
		)
		self.assertEqual(device_events("SPARE-1"), [("Coverage moved in", "LOGI-1"), ("Replaces", "LOGI-1")])
		self.assertEqual(frappe.db.get_value("HEZO Spare Unit", "SPARE-1", "status"), "Issued")
		# a new ticket for the replacement is accepted on the same contract; the faulty serial no longer is
		with self.freeze_time("2026-11-24 09:00:00"):
			self.assertEqual(make_ticket("SPARE-1", "HZP-1").device, "SPARE-1")

		with self.freeze_time("2026-11-27 11:00:00"):
			rma.return_waybill, rma.return_carrier = "WB-RET-1", "DHL"
			rma.save()
			rma.return_received_at, rma.return_condition = "2026-11-27 10:00:00", "As described"
			rma.save()
		self.assertEqual((rma.status, rma.return_status, rma.chargeable), ("Returned", "Received", 0))
		self.assertEqual(frappe.db.get_value("Serial No", "LOGI-1", "hezo_service_status"), "Returned")

		# repaired, the faulty unit re-enters stock as a spare of its model
		with self.freeze_time("2026-12-10 09:00:00"):
			restock("LOGI-1", "Rally Bar", make_warehouse(), "Repaired")
		self.assertEqual(
			frappe.db.get_value("HEZO Spare Unit", "LOGI-1", ["status", "source"]), ("Available", "Repaired")
		)
		self.assertEqual(frappe.db.get_value("Serial No", "LOGI-1", "hezo_service_status"), "Spare")
		self.assertIn(("Re-entered stock", None), device_events("LOGI-1"))

	def test_rma_needs_a_confirmed_failure_and_only_one_per_ticket(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			customer = make_customer()
			make_device("LOGI-2", customer, model="Rally Bar")
			make_contract("HZP-2", customer, "HEZO-PLUS", ["LOGI-2"])
			ticket = make_ticket("LOGI-2", "HZP-2")
			with self.assertRaises(RMAStateError) as error:
				make_rma(ticket.name)
			self.assertEqual(error.exception.http_status_code, 409)
			self.assertIn("not confirmed", str(error.exception))
			confirmed = confirmed_ticket("LOGI-3", "HZP-3")
			make_rma(confirmed.name)
			with self.assertRaises(RMAStateError):
				make_rma(confirmed.name)

	def test_manufacturer_hub_order_and_ship_checks(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("LOGI-4", "HZP-4", plan="HEZO-360")
			rma = make_rma(
				ticket.name,
				replacement_source="Manufacturer hub",
				vendor_case_no="C-77",
				vendor_rma_no="V-RMA-9",
			)
			self.assertEqual((rma.status, rma.spare_unit, rma.return_payer), ("Ordered", None, "Customer"))
			rma.carrier, rma.outbound_waybill, rma.shipped_at = "UPS", "1Z999", "2026-11-23 09:59:00"
			with self.assertRaises(RMAError):  # no replacement serial yet (and before confirmation)
				rma.save()
			rma.reload()
			rma.carrier, rma.outbound_waybill = "UPS", "1Z999"
			# the earliest allowed: the confirmation as stored (a moment after 10:00:00 under the ticking clock)
			rma.shipped_at, rma.replacement_serial = confirmed_at(rma.name), " hub-77 "
			rma.save()
			self.assertEqual((rma.status, rma.replacement_serial), ("Shipped", "HUB-77"))
			rma.delivered_at = "2026-11-23 09:00:00"
			with self.assertRaises(RMAError):  # delivered before shipping
				rma.save()
			rma.reload()
			rma.status = "Open"
			with self.assertRaises(RMAStateError):
				rma.save()

	def test_nbd_s_shipping_meets_the_delivery_clock(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("HW-1", "COC-1", plan="COCARE-BASIC", priority="P3", model="AR6140")
			self.assertEqual(
				(ticket.delivery_kind, str(ticket.delivery_due)), ("nbd_ship", "2026-11-24 17:00:00")
			)
			rma = make_rma(ticket.name, replacement_source="Manufacturer hub")
		with self.freeze_time("2026-11-24 16:00:00"):
			ship(rma.name, "2026-11-24 15:00:00", serial="HW-2")
		ticket.reload()
		self.assertEqual((str(ticket.delivered_at), ticket.delivery_state), ("2026-11-24 15:00:00", "Met"))
		with self.freeze_time("2026-11-26 10:00:00"):
			deliver(rma.name, "2026-11-26 09:00:00")
		ticket.reload()
		self.assertEqual(str(ticket.delivered_at), "2026-11-24 15:00:00")  # delivery does not move it

	def test_serial_swap_failing_half_way_leaves_everything_as_before(self):
		"""The replacement serial is a device another contract covers: the swap writes the replacement
		and the faulty device, then the contract refuses the double coverage. Nothing may remain."""
		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("LOGI-5", "HZP-5")
			other_customer = make_customer("7740001454", "Other Sp. z o.o.")
			make_device("LOGI-COVERED", other_customer, model="Rally Bar")
			make_contract("HZP-OTHER", other_customer, "HEZO-PLUS", ["LOGI-COVERED"])
			rma = make_rma(ticket.name, replacement_source="Manufacturer hub")
			ship(rma.name, confirmed_at(rma.name), serial="LOGI-COVERED")
			before = {
				name: frappe.db.get_value(
					"Serial No",
					name,
					[
						"hezo_service_status",
						"hezo_replaces",
						"hezo_replaced_by",
						"hezo_customer",
						"hezo_contract",
						"amc_expiry_date",
						"maintenance_status",
						"modified",
					],
				)
				for name in ("LOGI-5", "LOGI-COVERED")
			}
			events_before = frappe.db.count("HEZO Device Event")
			with self.assertRaises(CoverageSwapError) as error:
				deliver(rma.name, confirmed_at(rma.name))
		self.assertIn("LOGI-COVERED", str(error.exception))
		self.assertEqual(error.exception.http_status_code, 409)
		after = {
			name: frappe.db.get_value(
				"Serial No",
				name,
				[
					"hezo_service_status",
					"hezo_replaces",
					"hezo_replaced_by",
					"hezo_customer",
					"hezo_contract",
					"amc_expiry_date",
					"maintenance_status",
					"modified",
				],
			)
			for name in ("LOGI-5", "LOGI-COVERED")
		}
		self.assertEqual(after, before)
		self.assertEqual(contract_devices("HZP-5"), ["LOGI-5"])
		self.assertEqual(contract_devices("HZP-OTHER"), ["LOGI-COVERED"])
		self.assertEqual(frappe.db.count("HEZO Device Event"), events_before)
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", rma.name, ["status", "delivered_at", "replacement_device"]),
			("Shipped", None, None),
		)
		self.assertIsNone(frappe.db.get_value("HEZO Ticket", ticket.name, "delivered_at"))

	def test_waiting_for_stock_is_served_first_when_a_unit_arrives(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			first = make_rma(confirmed_ticket("LOGI-6", "HZP-6").name)
			second = make_rma(confirmed_ticket("LOGI-7", "HZP-7").name)
			self.assertEqual((first.status, second.status), ("Awaiting Stock", "Awaiting Stock"))
			make_spare("SPARE-6", "Rally Bar")
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", first.name, ["status", "spare_unit"]), ("Reserved", "SPARE-6")
		)
		self.assertEqual(frappe.db.get_value("HEZO RMA", second.name, "status"), "Awaiting Stock")
		# a cancelled RMA gives its unit to the next in line
		first.reload()
		first.status = "Cancelled"
		first.save()
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", second.name, ["status", "spare_unit"]), ("Reserved", "SPARE-6")
		)
