import frappe

from hezo_service.core.portal import normalise_nip
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
		# end customers and partners are ERPNext Customers: end customers with a NIP, partners flagged
		for customer in result["customers"]:
			self.assertTrue(normalise_nip(frappe.db.get_value("Customer", customer, "tax_id")), customer)
		partners = set(frappe.get_all("HEZO Contract", {"name": ["like", "DEMO-%"]}, pluck="partner"))
		self.assertEqual(len(partners), 3)
		self.assertEqual({frappe.db.get_value("Customer", p, "hezo_is_partner") for p in partners}, {1})
		self.assertEqual(make_demo(commit=False), {})  # a second run adds nothing
