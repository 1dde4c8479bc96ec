import frappe

from hezo_service.tests.factories import NIPS, HEZOTestCase, make_customer


class TestHEZOCustomer(HEZOTestCase):
	def test_nip_is_validated_and_normalised(self):
		name = make_customer("PL 526-025-09-95", "Normalised")
		self.assertEqual(frappe.db.get_value("HEZO Customer", name, "nip"), "5260250995")

	def test_invalid_nip_is_refused_with_a_clear_message(self):
		doc = frappe.get_doc({"doctype": "HEZO Customer", "customer_name": "Bad", "nip": "526-025-09-96"})
		with self.assertRaises(frappe.ValidationError) as error:
			doc.insert()
		self.assertIn("not a valid NIP", str(error.exception))

	def test_nip_is_unique_in_normalised_form(self):
		make_customer(NIPS[1], "First")
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc(
				{"doctype": "HEZO Customer", "customer_name": "Second", "nip": "774-000-14-54"}
			).insert()
