import frappe

from hezo_service.demo import make_demo, remove_demo
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
