import frappe

from hezo_service.tests.factories import NIPS, HEZOTestCase, make_contract, make_customer, make_device

# a device is an ERPNext Serial No: ERPNext's own test records for it (and its Item, Company,
# accounts) assume ERPNext's test company, which a site set up for the distributor does not have
test_ignore = ["Serial No"]


class TestHEZOContract(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[0])
		make_device("DEV-A", self.customer)

	def test_a_device_has_one_contract_a_day(self):
		make_contract("C-1", self.customer, "HEZO-360", ["DEV-A"], "2026-01-01", "2026-12-31")
		with self.assertRaises(frappe.ValidationError) as error:
			make_contract("C-2", self.customer, "HEZO-360", ["DEV-A"], "2026-12-31", "2027-12-31")
		self.assertIn("already covered by contract C-1", str(error.exception))
		# back to back is fine: coverage continues the next day
		make_contract("C-3", self.customer, "HEZO-360", ["DEV-A"], "2027-01-01", "2027-12-31")
		# a cancelled contract covers nothing
		make_contract("C-4", self.customer, "HEZO-360", ["DEV-A"], "2026-06-01", "2026-06-30", "Cancelled")

	def test_current_contract_is_kept_on_the_device(self):
		make_contract("C-NOW", self.customer, "HEZO-360", ["DEV-A"], "2026-01-01", "2099-12-31")
		self.assertEqual(frappe.db.get_value("Serial No", "DEV-A", "hezo_contract"), "C-NOW")
		contract = frappe.get_doc("HEZO Contract", "C-NOW")
		contract.devices = []
		contract.save()
		self.assertIsNone(frappe.db.get_value("Serial No", "DEV-A", "hezo_contract"))

	def test_dates_and_duplicates_are_checked(self):
		with self.assertRaises(frappe.ValidationError):
			make_contract("C-BAD", self.customer, "HEZO-360", ["DEV-A"], "2026-12-31", "2026-01-01")
		with self.assertRaises(frappe.ValidationError):
			make_contract("C-TWICE", self.customer, "HEZO-360", ["DEV-A", "DEV-A"])

	def test_contract_number_is_normalised(self):
		self.assertEqual(make_contract(" hz-low ", self.customer, "HEZO-360", ["DEV-A"]), "HZ-LOW")
