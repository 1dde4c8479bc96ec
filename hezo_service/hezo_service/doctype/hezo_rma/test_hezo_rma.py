"""The RMA lifecycle: a confirmed failure, a reserved spare unit, shipping, delivery with the serial
swap (and its atomicity), the return, re-entry into stock and the ticket's delivery clock."""

from datetime import timedelta

import frappe
from frappe.utils import get_datetime

from hezo_service.services.common import invariants
from hezo_service.services.rma.rma import CoverageSwapError, RMAError, RMAStateError
from hezo_service.services.rma.spare_stock import StockError, restock
from hezo_service.tests.factories import (
	HEZOTestCase,
	confirmed_at,
	confirmed_ticket,
	deliver,
	make_contract,
	make_customer,
	make_device,
	make_rma,
	make_spare,
	make_ticket,
	make_warehouse,
	ship,
	stock_roles,
)

# ERPNext's own test records for these (the "_Test Company" chart) do not fit the distributor's Polish
# site; the tests make the warehouses and serials they need (hezo_service/tests/factories.py)
test_ignore = ["Warehouse", "Serial No"]


def contract_devices(contract: str) -> list[str]:
	return sorted(frappe.get_all("HEZO Contract Device", {"parent": contract}, pluck="device"))


def device_events(device: str) -> list[tuple[str, str | None]]:
	return sorted(
		(e.event, e.other_device)
		for e in frappe.get_all("HEZO Device Event", {"device": device}, ["event", "other_device"])
	)


def serial_state(serial: str) -> tuple:
	return tuple(frappe.db.get_value("Serial No", serial, ["warehouse", "status", "hezo_reserved_for_rma"]))


def ledger(voucher_type: str, voucher_no: str) -> list[tuple[str, str, float, str]]:
	"""The stock ledger of one voucher: (voucher type, warehouse, qty, serial), ordered by qty."""
	rows = [
		(row.voucher_type, row.warehouse, row.actual_qty, row.serial_no)
		for row in frappe.db.sql(
			"""select sle.voucher_type, sle.warehouse, sle.actual_qty, sbe.serial_no
			from `tabStock Ledger Entry` sle
			join `tabSerial and Batch Entry` sbe on sbe.parent = sle.serial_and_batch_bundle
			where sle.voucher_type = %s and sle.voucher_no = %s and sle.is_cancelled = 0""",
			(voucher_type, voucher_no),
			as_dict=True,
		)
	]
	return sorted(rows, key=lambda row: (row[2], row[1]))


def rma_vouchers(rma: str) -> list[tuple[str, str, str]]:
	"""(doctype, purpose, name) of every submitted stock transaction carrying the RMA, oldest first."""
	notes = frappe.get_all(
		"Delivery Note", {"hezo_rma": rma, "docstatus": 1}, ["name", "creation"], order_by="creation"
	)
	entries = frappe.get_all(
		"Stock Entry", {"hezo_rma": rma, "docstatus": 1}, ["name", "purpose", "creation"], order_by="creation"
	)
	rows = [("Delivery Note", "Delivery", n.name, n.creation) for n in notes]
	rows += [("Stock Entry", e.purpose, e.name, e.creation) for e in entries]
	return [
		(doctype, purpose, name) for doctype, purpose, name, _c in sorted(rows, key=lambda r: (r[3], r[2]))
	]


class TestRMALifecycle(HEZOTestCase):
	def test_whole_lifecycle_from_spare_stock(self):
		"""ticket -> RMA -> reserve -> ship -> deliver (swap) -> return -> repair -> restock: each step's
		stock transaction is submitted, carries the RMA, and the Serial Nos are where the ledger says."""
		returns, repair = stock_roles()
		spare_wh = make_warehouse()
		with self.freeze_time("2026-11-23 10:00:00"):
			make_spare("SPARE-1", "Rally Bar")
			self.assertEqual(serial_state("SPARE-1"), (spare_wh, "Active", None))
			ticket = confirmed_ticket("LOGI-1", "HZP-1")
			# Critical 24x7: 8 h from the confirmation as stored (after the set-up, under the ticking clock)
			self.assertEqual(
				get_datetime(ticket.delivery_due) - get_datetime(ticket.validity_confirmed_at),
				timedelta(hours=8),
			)
			rma = make_rma(ticket.name)
		self.assertTrue(rma.name.startswith("RMA-2026-"))
		self.assertEqual(
			(rma.status, rma.spare_unit, rma.replacement_serial, rma.warehouse),
			("Reserved", "SPARE-1", "SPARE-1", spare_wh),
		)
		self.assertEqual(
			(rma.customer, rma.contract, rma.faulty_device), (ticket.customer, "HZP-1", "LOGI-1")
		)
		self.assertEqual(
			(rma.model, rma.return_payer, rma.delivery_kind), ("Rally Bar", "Distributor", "hours")
		)
		# reserved: still in the spare warehouse (nothing posted), held for this RMA
		self.assertEqual(serial_state("SPARE-1"), (spare_wh, "Active", rma.name))
		self.assertEqual(rma_vouchers(rma.name), [])

		with self.freeze_time("2026-11-23 12:30:00"):
			rma = ship(rma.name, "2026-11-23 12:00:00", waybill="WB-OUT-1")
		self.assertEqual(rma.status, "Shipped")
		[(doctype, _purpose, note)] = rma_vouchers(rma.name)
		self.assertEqual(doctype, "Delivery Note")
		self.assertEqual(ledger("Delivery Note", note), [("Delivery Note", spare_wh, -1.0, "SPARE-1")])
		dn = frappe.get_doc("Delivery Note", note)
		self.assertEqual(
			(dn.docstatus, dn.customer, dn.lr_no, dn.items[0].rate), (1, dn.customer, "WB-OUT-1", 0)
		)
		self.assertEqual(frappe.db.get_value("Customer", dn.customer, "tax_id"), "5260250995")
		self.assertEqual(serial_state("SPARE-1"), (None, "Delivered", None))  # reservation done
		self.assertEqual(frappe.db.get_value("Serial No", "SPARE-1", "customer"), dn.customer)
		self.assertIsNone(
			frappe.db.get_value("HEZO Ticket", ticket.name, "delivered_at")
		)  # shipping is not delivery

		with self.freeze_time("2026-11-23 16:05:00"):
			rma = deliver(rma.name, "2026-11-23 16:00:00")
		self.assertEqual(
			(rma.status, rma.replacement_device, rma.return_status),
			("Delivered", "SPARE-1", "Awaiting return"),
		)
		self.assertEqual(len(rma_vouchers(rma.name)), 1)  # delivery itself moves no stock
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
		doctype, purpose, receipt = rma_vouchers(rma.name)[-1]
		self.assertEqual((doctype, purpose), ("Stock Entry", "Material Receipt"))
		self.assertEqual(ledger("Stock Entry", receipt), [("Stock Entry", returns, 1.0, "LOGI-1")])
		self.assertEqual(serial_state("LOGI-1"), (returns, "Active", None))

		with self.freeze_time("2026-11-28 09:00:00"):
			rma.sent_to_repair_at = "2026-11-28 08:30:00"
			rma.save()
		doctype, purpose, transfer = rma_vouchers(rma.name)[-1]
		self.assertEqual((doctype, purpose), ("Stock Entry", "Material Transfer"))
		self.assertEqual(
			ledger("Stock Entry", transfer),
			[("Stock Entry", returns, -1.0, "LOGI-1"), ("Stock Entry", repair, 1.0, "LOGI-1")],
		)
		self.assertEqual(serial_state("LOGI-1"), (repair, "Active", None))

		# repaired, the faulty unit re-enters spare stock (transferred back, linked to its RMA)
		with self.freeze_time("2026-12-10 09:00:00"):
			restock("LOGI-1", "Rally Bar", spare_wh, "Repaired")
		doctype, purpose, back = rma_vouchers(rma.name)[-1]
		self.assertEqual((doctype, purpose), ("Stock Entry", "Material Transfer"))
		self.assertEqual(
			ledger("Stock Entry", back),
			[("Stock Entry", repair, -1.0, "LOGI-1"), ("Stock Entry", spare_wh, 1.0, "LOGI-1")],
		)
		self.assertEqual(serial_state("LOGI-1"), (spare_wh, "Active", None))
		self.assertEqual(len(rma_vouchers(rma.name)), 4)
		self.assertEqual(frappe.db.get_value("Serial No", "LOGI-1", "hezo_service_status"), "Spare")
		self.assertIn(("Re-entered stock", None), device_events("LOGI-1"))
		# a unit already in spare stock cannot be restocked again
		with self.assertRaises(frappe.ValidationError):
			restock("LOGI-1", "Rally Bar", spare_wh, "Repaired")
		# the shared checker agrees with every step above, and sees a unit put where the ledger is not
		ours = ("serial LOGI-1:", "serial SPARE-1:")
		self.assertEqual([v for v in invariants.stock_ledger() if v.startswith(ours)], [])
		frappe.db.set_value("Serial No", "LOGI-1", "warehouse", returns)
		self.assertEqual(len([v for v in invariants.stock_ledger() if v.startswith("serial LOGI-1:")]), 1)

	def test_reserved_unit_leaves_only_for_its_rma(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			spare_wh = make_warehouse()
			make_spare("SPARE-G", "Rally Bar")
			rma = make_rma(confirmed_ticket("LOGI-G", "HZP-G").name)
			self.assertEqual(rma.spare_unit, "SPARE-G")
			entry = frappe.get_doc(
				{
					"doctype": "Stock Entry",
					"purpose": "Material Issue",
					"stock_entry_type": "Material Issue",
					"company": frappe.db.get_value("Warehouse", spare_wh, "company"),
					"items": [
						{
							"item_code": "Rally Bar",
							"qty": 1,
							"s_warehouse": spare_wh,
							"use_serial_batch_fields": 1,
							"serial_no": "SPARE-G",
						}
					],
				}
			)
			with self.assertRaises(StockError) as error:
				entry.insert()
		self.assertIn(rma.name, str(error.exception))
		self.assertEqual(error.exception.http_status_code, 409)
		self.assertEqual(serial_state("SPARE-G"), (spare_wh, "Active", rma.name))

	def test_cancelling_an_rma_releases_its_unit(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			spare_wh = make_warehouse()
			make_spare("SPARE-C", "Rally Bar")
			rma = make_rma(confirmed_ticket("LOGI-C", "HZP-C").name)
			self.assertEqual(serial_state("SPARE-C"), (spare_wh, "Active", rma.name))
			rma.status = "Cancelled"
			rma.save()
		self.assertEqual(serial_state("SPARE-C"), (spare_wh, "Active", None))
		self.assertEqual(rma_vouchers(rma.name), [])

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

	def test_the_swap_moves_the_coverage_of_the_renewals_already_made(self):
		"""Renewed early, the contract's renewal covers the same unit next year: the replacement takes
		that over too, so next year covers the unit the customer has, and the replaced one (repaired into
		spare stock) can serve another customer's contract."""
		from hezo_service.services.contracts.lifecycle import renew

		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("LOGI-R1", "HZP-R1")
			renewal = renew("HZP-R1")
			rma = make_rma(ticket.name, replacement_source="Manufacturer hub")
			ship(rma.name, confirmed_at(rma.name), serial="LOGI-R1-NEW")
			deliver(rma.name, confirmed_at(rma.name))
			self.assertEqual(contract_devices("HZP-R1"), ["LOGI-R1-NEW"])
			self.assertEqual(contract_devices(renewal), ["LOGI-R1-NEW"])
			self.assertEqual([v for v in invariants.coverage() if "LOGI-R1" in v], [])
			other = make_customer("7740001454", "Other Sp. z o.o.")
			make_device("LOGI-R2", other, model="Rally Bar")
			make_contract("HZP-SECOND", other, "HEZO-PLUS", ["LOGI-R2"])
			stock_roles()
			restock("LOGI-R1", "Rally Bar", make_warehouse())  # the replaced unit, repaired
			second = make_rma(confirmed_ticket("LOGI-R2", "HZP-SECOND", nip="7740001454").name)
			self.assertEqual(second.spare_unit, "LOGI-R1")
			ship(second.name, confirmed_at(second.name))
			deliver(second.name, confirmed_at(second.name))
		self.assertEqual(contract_devices("HZP-SECOND"), ["LOGI-R1"])
		self.assertEqual(contract_devices(renewal), ["LOGI-R1-NEW"])

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
		self.assertEqual(frappe.db.get_value("Serial No", "SPARE-6", "hezo_reserved_for_rma"), second.name)
