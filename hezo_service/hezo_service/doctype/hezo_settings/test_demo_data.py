import frappe

from hezo_service.core.portal import normalise_nip
from hezo_service.core.tickets.flow import STATUSES
from hezo_service.demo import make_billing_demo, make_demo, remove_demo
from hezo_service.tests.factories import HEZOTestCase


class TestDemoData(HEZOTestCase):
	def test_demo_fills_every_state_across_all_plans(self):
		remove_demo()
		result = make_demo(commit=False)
		statuses = set(frappe.get_all("HEZO Ticket", {"name": ["in", result["tickets"]]}, pluck="status"))
		self.assertEqual(statuses, set(STATUSES))
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
		self.assert_devices_sold_and_covered()
		self.assertEqual(make_demo(commit=False), {})  # a second run adds nothing

	def assert_devices_sold_and_covered(self):
		"""Demo devices are Serial Nos received into stock and sold to the partners on submitted Sales
		Invoices that updated stock, then covered by the demo contracts in ERPNext's terms."""
		from hezo_service.demo import DEMO_REMARK, PARTNERS

		invoices = frappe.get_all(
			"Sales Invoice", {"remarks": DEMO_REMARK}, ["customer", "docstatus", "update_stock"]
		)
		self.assertEqual({i.customer for i in invoices}, set(PARTNERS))
		self.assertEqual({(i.docstatus, i.update_stock) for i in invoices}, {(1, 1)})
		devices = frappe.get_all(
			"Serial No",
			{"name": ["like", "DEMO-%"]},
			[
				"name",
				"item_code",
				"status",
				"customer",
				"hezo_customer",
				"hezo_contract",
				"maintenance_status",
			],
		)
		self.assertEqual(len(devices), 2 * len(frappe.get_all("HEZO Service Plan")))
		self.assertEqual({d.status for d in devices}, {"Delivered"})
		self.assertLessEqual({d.customer for d in devices}, set(PARTNERS))
		self.assertTrue(all(d.hezo_customer for d in devices))
		families = set(
			frappe.get_all("Item", {"name": ["in", [d.item_code for d in devices]]}, pluck="hezo_family")
		)
		self.assertLessEqual({"Rally Bar", "FortiGate", "Qualstar Q-Series", "Huawei S5735"}, families)
		for d in devices:
			[(contract, status)] = frappe.get_all(
				"HEZO Contract",
				{"name": ["like", "DEMO-%"], "device": d.name},
				["name", "status"],
				as_list=True,
			)
			covered = status != "Lapsed"
			self.assertEqual(d.hezo_contract, contract if covered else None, d.name)
			self.assertEqual(d.maintenance_status, "Under AMC" if covered else "Out of AMC", d.name)

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
