"""Two RMAs racing for the last spare unit (a Serial No received into a spare warehouse by a Material
Receipt), on two real database connections (two threads, each with its own `frappe.connect`): exactly
one gets the unit, the other waits for stock and is told so.

The data both connections must see is committed (a bench test runs inside a transaction the other
connection cannot see) and deleted again, committed, at the end."""

import json
import threading

import frappe

from hezo_service.services.rma.spare_stock import reserve
from hezo_service.tests.factories import NIPS, HEZOTestCase, confirmed_ticket, make_rma, make_spare

MODEL = "RaceModel X1"
SERIALS = ("RACE-1", "RACE-2")
CONTRACTS = ("HZP-RACE-1", "HZP-RACE-2")


class TestConcurrentReservation(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.purge()
		frappe.db.savepoint("hezo_test")
		self.old_settings = frappe.db.sql(
			"""select field, value from `tabSingles` where doctype = 'HEZO Settings'
			and field in ('low_stock_min_units', 'low_stock_min_percent')"""
		)
		# no low-stock alert inside the race (both would insert the same alert key and wait on each other
		# while the test holds both transactions open at the barrier)
		frappe.db.set_single_value("HEZO Settings", {"low_stock_min_units": 0, "low_stock_min_percent": 0})
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
		with self.freeze_time("2026-11-23 10:00:00"):
			self.rmas = []
			for serial, contract in zip(SERIALS, CONTRACTS, strict=True):
				ticket = confirmed_ticket(serial, contract, nip=NIPS[6], model=MODEL)
				self.rmas.append(make_rma(ticket.name).name)
			make_spare("RACE-SPARE", MODEL, no_allocate=True)  # the last unit, not handed out yet
		self.assertEqual(
			[frappe.db.get_value("HEZO RMA", r, "status") for r in self.rmas], ["Awaiting Stock"] * 2
		)
		frappe.db.commit()

	def tearDown(self):
		frappe.db.commit()
		self.purge()
		frappe.db.sql(
			"""delete from `tabSingles` where doctype = 'HEZO Settings'
			and field in ('low_stock_min_units', 'low_stock_min_percent')"""
		)
		for field, value in self.old_settings:  # exactly as before (unset stays unset)
			frappe.db.sql(
				"insert into `tabSingles` (doctype, field, value) values ('HEZO Settings', %s, %s)",
				(field, value),
			)
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
		frappe.db.commit()
		frappe.db.savepoint("hezo_test")
		super().tearDown()

	@staticmethod
	def purge() -> None:
		"""Delete what this test committed (also what a crashed earlier run left behind)."""
		customer = frappe.db.get_value("Customer", {"hezo_nip": NIPS[6]}) or ""
		tickets = frappe.get_all("HEZO Ticket", {"customer": customer}, pluck="name") or [""]
		rmas = frappe.get_all("HEZO RMA", {"ticket": ["in", tickets]}, pluck="name") or [""]
		entries = frappe.get_all("Stock Entry Detail", {"item_code": MODEL}, pluck="parent") or [""]
		bundles = frappe.get_all("Serial and Batch Bundle", {"item_code": MODEL}, pluck="name") or [""]
		for doctype, filters in (
			("HEZO RMA Reminder", {"rma": ["in", rmas]}),
			("HEZO RMA", {"name": ["in", rmas]}),
			# the spare unit's receipt, as ERPNext posted it
			("Serial and Batch Entry", {"parent": ["in", bundles]}),
			("Serial and Batch Bundle", {"name": ["in", bundles]}),
			("Stock Ledger Entry", {"item_code": MODEL}),
			("GL Entry", {"voucher_no": ["in", entries]}),
			("Stock Entry Detail", {"parent": ["in", entries]}),
			("Stock Entry", {"name": ["in", entries]}),
			("Serial No", {"item_code": MODEL}),
			("Bin", {"item_code": MODEL}),
			("Item Default", {"parent": MODEL}),
			("Item", {"name": MODEL}),
			("HEZO Stock Alert", {"model": MODEL}),
			("HEZO SLA Event", {"ticket": ["in", tickets]}),
			("HEZO Ticket", {"name": ["in", tickets]}),
			("HEZO Contract Device", {"parent": ["in", CONTRACTS]}),
			("HEZO Contract", {"name": ["in", CONTRACTS]}),
			("Serial No", {"name": ["in", SERIALS]}),
			("Customer", {"hezo_nip": NIPS[6]}),
			(
				"Version",
				{
					"docname": [
						"in",
						[*rmas, *tickets, *CONTRACTS, *SERIALS, *entries, "RACE-SPARE", "RACE-SPARE-2"],
					]
				},
			),
		):
			frappe.db.delete(doctype, filters)
		frappe.db.commit()

	def race(self) -> tuple[dict, dict]:
		"""Both RMAs reserve at once, each on its own connection, holding its transaction open until
		both have reserved. Returns (unit per RMA, messages per RMA)."""
		site, sites_path = frappe.local.site, frappe.local.sites_path
		started = threading.Barrier(2, timeout=30)
		reserved = threading.Barrier(2, timeout=30)
		results, messages, errors = {}, {}, []

		def worker(rma: str) -> None:
			try:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				frappe.set_user("Administrator")
				frappe.local.lang = "en"  # the message is asserted in its English source
				started.wait()
				results[rma] = reserve(rma)
				messages[rma] = [
					(m if isinstance(m, dict) else json.loads(m)).get("message")
					for m in frappe.local.message_log
				]
				reserved.wait()
				frappe.db.commit()
			except Exception as error:  # reported below: a thread's failure must fail the test
				errors.append(repr(error))
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=worker, args=(rma,)) for rma in self.rmas]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(60)
		self.assertEqual(errors, [])
		frappe.db.commit()  # a fresh snapshot of what the two connections committed
		return results, messages

	def test_two_rmas_of_one_model_with_two_units_both_get_one(self):
		"""Locking one unit must not hide the other from the second RMA."""
		with self.freeze_time("2026-11-23 10:05:00"):
			make_spare("RACE-SPARE-2", MODEL, no_allocate=True)
		frappe.db.commit()
		results, _messages = self.race()
		self.assertEqual(sorted(results.values()), ["RACE-SPARE", "RACE-SPARE-2"])
		for rma, unit in results.items():
			self.assertEqual(frappe.db.get_value("Serial No", unit, "hezo_reserved_for_rma"), rma)

	def test_two_rmas_racing_for_the_last_unit(self):
		results, messages = self.race()
		self.assertEqual(sorted(results.values(), key=str), [None, "RACE-SPARE"])
		winner = next(r for r, unit in results.items() if unit)
		loser = next(r for r, unit in results.items() if not unit)
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", winner, ["status", "spare_unit"]), ("Reserved", "RACE-SPARE")
		)
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", loser, ["status", "spare_unit"]), ("Awaiting Stock", None)
		)
		self.assertEqual(
			frappe.db.get_value("Serial No", "RACE-SPARE", ["status", "hezo_reserved_for_rma"]),
			("Active", winner),
		)
		self.assertEqual(messages[winner], [])
		self.assertEqual(messages[loser], [f"No spare unit of {MODEL} is free; RMA {loser} waits for stock."])
