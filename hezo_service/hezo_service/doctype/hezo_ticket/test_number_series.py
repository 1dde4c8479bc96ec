"""Tickets, work orders and on-site visits number in series of their own, per year where the name
carries one; the patch carries an existing site over without renaming a record."""

import frappe

from hezo_service.patches.v0_3 import own_number_series
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)


def current(prefix: str) -> int:
	found = frappe.db.sql("select current from `tabSeries` where name = %s", prefix)
	return found[0][0] if found else 0


def number(name: str) -> int:
	return int(name.rsplit("-", 1)[1])


class TestNumberSeries(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[0])
		make_device("NUM-FG", self.customer)

	def test_work_orders_do_not_move_the_ticket_numbers(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			first = make_ticket_on_new_contract(self.customer)
			# a HEZO 360 contract schedules its work orders: their numbers are theirs
			make_contract("NUM-360B", self.customer, "HEZO-360", ["NUM-FG2"], "2026-01-01", "2026-12-31")
			self.assertTrue(frappe.db.count("HEZO Work Order", {"contract": "NUM-360B"}))
			second = make_ticket("NUM-FG", "NUM-360", "Critical", subject="second")
		self.assertTrue(first.name.startswith("HZT-2026-"), first.name)
		self.assertEqual(number(second.name), number(first.name) + 1)
		self.assertEqual(current("HZT-2026-"), number(second.name))
		work_orders = frappe.get_all("HEZO Work Order", {"contract": "NUM-360B"}, pluck="name")
		self.assertTrue(all(n.startswith("HZ-WO-") for n in work_orders), work_orders)
		self.assertEqual(current("HZ-WO-"), max(number(n) for n in work_orders))

	def test_ticket_numbers_restart_with_the_year(self):
		meta = frappe.get_meta("HEZO Ticket")
		self.assertEqual(meta.autoname, "HZT-.YYYY.-.#####")
		with self.freeze_time("2031-01-02 09:00:00"):
			first = frappe.model.naming.make_autoname(meta.autoname)
			self.assertEqual(first, f"HZT-2031-{current('HZT-2031-'):05d}")
			self.assertEqual(
				frappe.model.naming.make_autoname(meta.autoname), f"HZT-2031-{number(first) + 1:05d}"
			)
		self.assertNotEqual(current("HZT-2031-"), 0)  # its own counter (rolled back with the test)

	def test_the_patch_starts_each_series_after_the_highest_name(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			ticket = make_ticket_on_new_contract(self.customer)
		frappe.db.sql("delete from `tabSeries` where name in ('HZT-2026-', 'HZ-WO-')")
		own_number_series.execute()
		self.assertGreaterEqual(current("HZT-2026-"), number(ticket.name))
		work_orders = frappe.get_all("HEZO Work Order", pluck="name")
		if work_orders:
			self.assertEqual(current("HZ-WO-"), max(number(n) for n in work_orders if n.startswith("HZ-WO-")))
		before = frappe.db.sql("select name, current from `tabSeries` order by name")
		own_number_series.execute()
		self.assertEqual(frappe.db.sql("select name, current from `tabSeries` order by name"), before)


def make_ticket_on_new_contract(customer: str):
	make_device("NUM-FG2", customer)
	make_contract("NUM-360", customer, "HEZO-360", ["NUM-FG"], "2026-01-01", "2026-12-31")
	return make_ticket("NUM-FG", "NUM-360", "Critical", subject="first")
