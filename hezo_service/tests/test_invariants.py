"""The shared invariant checker: none on a freshly generated (tiny) year, and each planted fault found."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, get_first_day, today

from hezo_service.services.common import invariants
from hezo_service.services.contracts.scheduled_work import ensure_work_orders
from hezo_service.tests.factories import HEZOTestCase
from hezo_service.tests.year_data import generate

PREFIX = "YT"  # the test's own year, apart from one a load run left on the site
SCALE = 0.002  # 6 customers, 120 tickets (4 open), 3 spares, 8 RMAs, 4 renewals
CONTRACTS = 80  # past one per plan (19): the rest are made in the shape of the plan's first
DEVICES = 160


class TestInvariants(HEZOTestCase):
	def setUp(self) -> None:
		super().setUp()
		self.made = generate(
			SCALE, seed=22, commit=False, prefix=PREFIX, contracts=CONTRACTS, devices=DEVICES
		)

	def test_generated_year_is_consistent(self) -> None:
		self.assertTrue(frappe.db.count("HEZO Ticket", {"subject": ["like", f"{PREFIX} open %"]}))
		self.assertTrue(frappe.db.count("HEZO RMA", {"status": "Returned"}))
		self.assertTrue(self.made.counts["invoices"])
		self.assertEqual(invariants.check_all(), [])
		# last month's billing run left nothing of it pending
		self.assertEqual(invariants.billed_once(add_days(get_first_day(today()), -1)), [])

	def test_bulk_contracts_as_their_plans_first(self) -> None:
		"""Every generated contract has its devices and the work orders its plan schedules, whether it went
		through the controller or was made in the shape of one that did."""
		rows = frappe.db.sql(
			"""select c.name, c.plan, c.end_date, c.work_scheduled_until, (select count(*) from `tabHEZO Contract Device` d where d.parent = c.name)
				as devices, (select count(*) from `tabHEZO Work Order` w where w.contract = c.name) as work
			from `tabHEZO Contract` c where c.name like %s and c.renewed_from is null""",
			f"{PREFIX}-C-%",
			as_dict=True,
		)
		self.assertEqual(len(rows), CONTRACTS)
		self.assertTrue(all(r.devices for r in rows))
		scheduling = {r.plan for r in rows if r.work}
		self.assertTrue(scheduling)
		# each planned up to its own end (a one-year term), not up to the end of the contract it was shaped on
		self.assertEqual(
			[r.name for r in rows if r.plan in scheduling and r.work_scheduled_until != r.end_date], []
		)
		# the planner finds nothing missing on any of them
		self.assertEqual(sum(ensure_work_orders(r.name) for r in rows), 0)

	def test_finds_a_wrong_due_time(self) -> None:
		name = frappe.get_all(
			"HEZO Ticket",
			{"subject": ["like", f"{PREFIX} open %"], "response_due": ["is", "set"]},
			pluck="name",
			limit=1,
		)[0]
		frappe.db.sql(
			"update `tabHEZO Ticket` set response_due = response_due + interval 1 hour where name = %s", name
		)
		found = [v for v in invariants.due_times() if v.startswith(f"ticket {name}: response_due")]
		self.assertEqual(len(found), 1)

	def test_finds_a_wrong_amc_expiry(self) -> None:
		serial = frappe.get_all(
			"Serial No", {"name": ["like", f"{PREFIX}-SN-%"], "maintenance_status": "Under AMC"}, pluck="name"
		)[0]
		frappe.db.set_value("Serial No", serial, "amc_expiry_date", "2001-01-01")
		self.assertIn(serial, " ".join(invariants.coverage()))

	def test_finds_a_spare_reserved_for_a_missing_rma(self) -> None:
		spare = frappe.get_all(
			"Serial No", {"name": ["like", f"{PREFIX}-SP%"], "warehouse": ["is", "set"]}, pluck="name"
		)[0]
		frappe.db.set_value("Serial No", spare, "hezo_reserved_for_rma", "NO-SUCH-RMA")
		self.assertIn(f"spare {spare} reserved for NO-SUCH-RMA (no such RMA)", invariants.reserved_spares())
