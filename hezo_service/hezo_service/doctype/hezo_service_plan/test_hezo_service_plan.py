"""The shipped catalogue on the site, staff edits, and open tickets recomputed when it changes."""

import frappe

from hezo_service import install
from hezo_service.core.sla.catalogue import read_fixture
from hezo_service.services.tickets import recompute
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)


class TestHEZOServicePlan(HEZOTestCase):
	def test_every_shipped_plan_is_on_the_site(self):
		shipped = {d["name"]: len(d["priorities"]) for d in read_fixture("hezo_service_plan.json")}
		on_site = {
			p: frappe.db.count("HEZO Plan Priority", {"parent": p, "parenttype": "HEZO Service Plan"})
			for p in frappe.get_all("HEZO Service Plan", pluck="name")
		}
		self.assertEqual({p: on_site.get(p) for p in shipped}, shipped)
		self.assertEqual(len(shipped), 19)
		premier = frappe.get_doc("HEZO Service Plan", "COCARE-PREMIER")
		self.assertEqual([r.request_calendar for r in premier.priorities], ["24x7", "24x7", "9x5", "9x5"])

	def test_import_again_changes_nothing_and_keeps_staff_edits(self):
		plan = frappe.get_doc("HEZO Service Plan", "HEZO-PLUS")
		plan.priorities[2].response_hours = 3
		plan.save()
		before = frappe.db.sql("select name, modified from `tabHEZO Service Plan` order by name")
		install.set_up_data()
		install.set_up_data()
		self.assertEqual(
			frappe.db.sql("select name, modified from `tabHEZO Service Plan` order by name"), before
		)
		self.assertEqual(frappe.get_doc("HEZO Service Plan", "HEZO-PLUS").priorities[2].response_hours, 3)

	def test_changing_a_plan_recomputes_open_tickets(self):
		customer = make_customer(NIPS[3])
		make_device("RB-5", customer, "Rally Bar", "Logitech")
		make_contract("HZ-PLUS-5", customer, "HEZO-PLUS", ["RB-5"])
		with self.freeze_time("2026-11-30 10:00:00", tick=False):  # one insert: stored at exactly 10:00
			ticket = make_ticket("RB-5", "HZ-PLUS-5", "Question")  # 4 h of 8x5
		self.assertEqual(str(ticket.response_due), "2026-11-30 14:00:00")
		plan = frappe.get_doc("HEZO Service Plan", "HEZO-PLUS")
		plan.priorities[2].response_hours = 2
		plan.save()
		with self.freeze_time("2026-11-30 10:30:00"):
			self.assertGreaterEqual(recompute.recompute_open_tickets(batch_size=2, commit=False), 1)
		self.assertEqual(
			str(frappe.db.get_value("HEZO Ticket", ticket.name, "response_due")), "2026-11-30 12:00:00"
		)
		events = frappe.get_all(
			"HEZO SLA Event", {"ticket": ticket.name, "event": "Due changed"}, pluck="due_after"
		)
		self.assertEqual([str(e) for e in events], ["2026-11-30 12:00:00"])

	def test_bad_plan_rows_are_refused(self):
		plan = frappe.get_doc("HEZO Service Plan", "HEZO-360")
		plan.priorities[0].delivery_kind = "hours"
		plan.priorities[0].delivery_hours = 0
		with self.assertRaises(frappe.ValidationError) as error:
			plan.save()
		self.assertIn("needs hours", str(error.exception))

	def test_recompute_is_one_deduplicated_job(self):
		self.assertEqual(recompute.JOB_ID, "hezo_service:recompute_clocks")
		calls = []
		original = frappe.enqueue
		frappe.enqueue = lambda *a, **kw: calls.append(kw)
		try:
			recompute.catalogue_saved()
		finally:
			frappe.enqueue = original
		self.assertEqual(calls[0]["job_id"], recompute.JOB_ID)
		self.assertTrue(calls[0]["deduplicate"])
		self.assertTrue(calls[0]["enqueue_after_commit"])
