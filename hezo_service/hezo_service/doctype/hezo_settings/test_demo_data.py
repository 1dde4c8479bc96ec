import frappe

from hezo_service.demo import make_billing_demo, make_demo, remove_demo
from hezo_service.tests.factories import HEZOTestCase


class TestDemoData(HEZOTestCase):
	def test_demo_fills_every_state_across_all_plans(self):
		remove_demo()
		result = make_demo(commit=False)
		statuses = set(frappe.get_all("HEZO Ticket", {"name": ["in", result["tickets"]]}, pluck="status"))
		self.assertEqual(
			statuses,
			{
				"Awaiting Details",
				"New",
				"In Progress",
				"Awaiting Customer",
				"Verification",
				"Confirmed",
				"Resolved",
				"Closed",
			},
		)
		plans = set(frappe.get_all("HEZO Contract", {"name": ["like", "DEMO-%"]}, pluck="plan"))
		self.assertEqual(plans, set(frappe.get_all("HEZO Service Plan", pluck="name")))
		sla = set(frappe.get_all("HEZO Ticket", {"name": ["in", result["tickets"]]}, pluck="sla_state"))
		self.assertTrue({"Breached", "Met", "On track"} <= sla)
		self.assertEqual(make_demo(commit=False), {})  # a second run adds nothing

	def test_the_demo_billing_run_makes_draft_sales_invoices(self):
		remove_demo()
		make_demo(commit=False)
		invoices = make_billing_demo(commit=False)
		self.assertTrue(invoices)
		keys = {
			row.hezo_billing_key for name in invoices for row in frappe.get_doc("Sales Invoice", name).items
		}
		self.assertLessEqual({"renewal:DEMO-2024-001-R1", "renewal:DEMO-2026-002-R1"}, keys)
		self.assertEqual({frappe.db.get_value("Sales Invoice", n, "docstatus") for n in invoices}, {0})
		self.assertEqual(make_billing_demo(commit=False), [])  # a second run adds nothing
