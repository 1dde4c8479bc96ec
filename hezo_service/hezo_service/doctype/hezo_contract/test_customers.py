"""End customers and partners are ERPNext Customers: the NIP in tax_id (validated, normalised, unique
among end customers), partners flagged, desk roles' rights on Customer, the Customer form's HEZO
connections (services/common/customers.py, install.CUSTOMER_PERMISSIONS)."""

from __future__ import annotations

import frappe

from hezo_service.install import CUSTOMER_PERMISSIONS
from hezo_service.services.common.customers import InvalidNIP
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_partner,
)

PERMISSION_FLAGS = ("read", "write", "create", "delete", "submit", "cancel", "report", "export", "print")


def new_customer(name: str, tax_id: str | None, **fields):
	return frappe.get_doc(
		{"doctype": "Customer", "customer_name": name, "customer_type": "Company", "tax_id": tax_id, **fields}
	)


class TestCustomerNIP(HEZOTestCase):
	def test_nip_is_validated_and_normalised(self):
		name = make_customer("PL 526-025-09-95", "Normalised Sp. z o.o.")
		self.assertEqual(frappe.db.get_value("Customer", name, "tax_id"), "5260250995")

	def test_invalid_nip_is_refused_with_a_clear_message_in_english_and_polish(self):
		with self.assertRaises(InvalidNIP) as error:
			new_customer("Bad Sp. z o.o.", "526-025-09-96").insert()
		self.assertIn("526-025-09-96 is not a valid NIP", str(error.exception))
		self.assertEqual(error.exception.http_status_code, 422)
		frappe.local.lang = "pl"
		with self.assertRaises(InvalidNIP) as error:
			new_customer("Zły Sp. z o.o.", "5260250996").insert()
		self.assertIn("nie jest prawidłowym numerem NIP", str(error.exception))
		self.assertFalse(
			frappe.db.exists("Customer", {"customer_name": ["in", ["Bad Sp. z o.o.", "Zły Sp. z o.o."]]})
		)

	def test_nip_is_unique_among_end_customers_in_normalised_form(self):
		first = make_customer(NIPS[1], "First Sp. z o.o.")
		with self.assertRaises(frappe.DuplicateEntryError) as error:
			new_customer("Second Sp. z o.o.", "774-000-14-54").insert()
		self.assertIn(f"NIP {NIPS[1]} already belongs to customer {first}", str(error.exception))
		# a partner may carry the NIP of an end customer (a reseller buying for itself)
		partner = make_partner("Reseller of itself", NIPS[1])
		self.assertEqual(frappe.db.get_value("Customer", partner, "tax_id"), NIPS[1])
		# saving the first again is not a duplicate of itself
		frappe.get_doc("Customer", first).save()

	def test_partners_must_have_a_valid_nip_when_they_give_one(self):
		with self.assertRaises(InvalidNIP):
			new_customer("Partner Bad", "123", hezo_is_partner=1).insert()
		self.assertTrue(make_partner("Partner without NIP"))

	def test_other_erpnext_customers_keep_their_tax_id(self):
		"""A foreign VAT id is not a NIP: customers the service desk does not use are left alone."""
		doc = new_customer("GmbH Beispiel", "DE123456789").insert()
		self.assertEqual(doc.tax_id, "DE123456789")
		self.assertTrue(new_customer("No Tax Id Ltd", None).insert().name)

	def test_a_customer_with_contracts_keeps_a_valid_nip(self):
		customer = make_customer(NIPS[2], "Serviced Sp. z o.o.")
		make_contract("HZ-NIP-1", customer, "HEZO-360", [make_device("NIP0001", customer)])
		doc = frappe.get_doc("Customer", customer)
		doc.tax_id = "DE123456789"
		with self.assertRaises(InvalidNIP):
			doc.save()

	def test_contract_needs_an_end_customer_with_nip_and_a_partner_flagged(self):
		no_nip = new_customer("Bez NIP Sp. z o.o.", None).insert().name
		device = make_device("NIP0002", make_customer(NIPS[3]))
		with self.assertRaises(InvalidNIP) as error:
			make_contract("HZ-NIP-2", no_nip, "HEZO-360", [device])
		self.assertIn("has no valid NIP", str(error.exception))
		customer = make_customer(NIPS[3])
		make_contract("HZ-NIP-3", customer, "HEZO-360", [device])
		not_partner, partner = make_customer(NIPS[4], "Not a partner Sp. z o.o."), make_partner("Partner OK")
		contract = frappe.get_doc("HEZO Contract", "HZ-NIP-3")
		contract.partner = not_partner
		with self.assertRaises(frappe.ValidationError) as error:
			contract.save()
		self.assertIn("is not a partner", str(error.exception))
		contract.reload()
		contract.partner = partner
		contract.save()


class TestCustomerInTheDesk(HEZOTestCase):
	def test_partners_are_findable_by_their_flag(self):
		partner = make_partner("Findable Partner Sp. z o.o.")
		customer = make_customer(NIPS[5], "Findable Customer Sp. z o.o.")
		partners = frappe.get_list("Customer", filters={"hezo_is_partner": 1}, pluck="name")
		self.assertIn(partner, partners)
		self.assertNotIn(customer, partners)
		field = frappe.get_meta("Customer").get_field("hezo_is_partner")
		self.assertTrue(field.in_standard_filter)
		self.assertEqual(
			frappe.get_meta("HEZO Contract").get_field("partner").link_filters,
			'[["Customer","hezo_is_partner","=",1]]',
		)

	def test_customer_form_shows_its_hezo_records(self):
		data = frappe.get_meta("Customer").get_dashboard_data()
		self.assertEqual(data.fieldname, "customer")
		items = [item for group in data.transactions for item in group["items"]]
		for doctype in ("HEZO Contract", "HEZO Ticket", "HEZO RMA", "HEZO Work Order", "Sales Invoice"):
			self.assertIn(doctype, items)
		customer = make_customer(NIPS[6], "Dashboard Sp. z o.o.")
		make_contract("HZ-DASH-1", customer, "HEZO-360", [make_device("DASH0001", customer)])
		# what the form's Connections ask (without get_open_count's session-wide statement timeout)
		from frappe.desk.notifications import _get_linked_document_counts

		found = _get_linked_document_counts("Customer", customer)["count"]["external_links_found"]
		self.assertEqual({c["doctype"]: c["count"] for c in found}.get("HEZO Contract"), 1)

	def test_erpnext_roles_keep_their_rights_on_customer(self):
		"""Our rules are Frappe's Custom DocPerm rows; the first one copied ERPNext's standard rules, so
		every ERPNext role (Sales User, Sales Manager, Accounts User, ...) keeps exactly its rights."""
		standard = frappe.get_all(
			"DocPerm",
			filters={"parent": "Customer"},
			fields=["role", "permlevel", "if_owner", *PERMISSION_FLAGS],
		)
		self.assertTrue(standard)
		for rule in standard:
			with self.subTest(role=rule.role, permlevel=rule.permlevel):
				custom = frappe.get_all(
					"Custom DocPerm",
					filters={
						"parent": "Customer",
						"role": rule.role,
						"permlevel": rule.permlevel,
						"if_owner": rule.if_owner,
					},
					fields=list(PERMISSION_FLAGS),
				)
				self.assertEqual(custom, [{f: rule[f] for f in PERMISSION_FLAGS}])
		for role, ptypes in CUSTOMER_PERMISSIONS.items():
			rule = frappe.get_all(
				"Custom DocPerm", filters={"parent": "Customer", "role": role, "permlevel": 0}, fields=["*"]
			)[0]
			self.assertEqual({p for p in PERMISSION_FLAGS if rule[p]}, set(ptypes) & set(PERMISSION_FLAGS))
		self.assertFalse(frappe.db.exists("Custom DocPerm", {"parent": "Customer", "role": "HEZO Customer"}))
