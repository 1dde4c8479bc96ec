"""End customers and partners are ERPNext Customers: tax_id as typed with the desk's normalised NIP beside
it, checked only for the customers the desk serves; partners flagged, desk roles' rights on Customer, the
Customer form's HEZO connections (services/common/customers.py, install.CUSTOMER_PERMISSIONS)."""

from __future__ import annotations

import frappe

from hezo_service.install import CUSTOMER_PERMISSIONS
from hezo_service.services.common.customers import InvalidNIP, InvalidPartnerTaxId
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
	def test_tax_id_stays_as_typed_and_the_desk_matches_on_the_normalised_nip(self):
		name = make_customer("PL 526-025-09-95", "Normalised Sp. z o.o.")
		self.assertEqual(
			frappe.db.get_value("Customer", name, ["tax_id", "hezo_nip"]), ("PL 526-025-09-95", NIPS[0])
		)
		field = frappe.get_meta("Customer").get_field("hezo_nip")
		self.assertTrue(field.search_index and field.read_only)
		doc = frappe.get_doc("Customer", name)
		doc.tax_id = "5260250995"
		doc.save()
		self.assertEqual(doc.hezo_nip, NIPS[0])
		doc.tax_id = "DE136695976"
		doc.save()
		self.assertIsNone(frappe.db.get_value("Customer", name, "hezo_nip"))

	def test_a_customer_the_desk_does_not_serve_is_never_refused(self):
		"""A typo NIP, ten foreign digits, a foreign VAT id, a NIP another customer has: ERPNext's
		business, listed by the desk report, never refused."""
		first = make_customer(NIPS[1], "First Sp. z o.o.")
		for tax_id in ("526-025-09-96", "2020317068", "DE123456789", "774-000-14-54"):
			doc = new_customer(f"Ordinary {tax_id}", tax_id).insert()
			self.assertEqual(doc.tax_id, tax_id)
		self.assertEqual(doc.hezo_nip, NIPS[1])
		frappe.get_doc("Customer", first).save()

	def test_a_partner_carries_a_nip_or_an_eu_vat_number_or_none(self):
		for tax_id in ("SK2020317068", "CZ25123891", "DE136695976", "HU12892312", "PL 526-025-09-95", None):
			partner = new_customer(f"Partner {tax_id}", tax_id, hezo_is_partner=1).insert()
			self.assertEqual(partner.tax_id, tax_id)
		for bad in ("123", "CZ12345678", "2020317068"):
			with self.assertRaises(InvalidPartnerTaxId) as error:
				new_customer(f"Partner {bad}", bad, hezo_is_partner=1).insert()
			self.assertIn("is not a valid tax id for a partner", str(error.exception))
			self.assertEqual(error.exception.http_status_code, 422)

	def test_ticking_partner_checks_the_tax_id_once(self):
		doc = new_customer("Reseller s.r.o.", "SK2020317068").insert()
		doc.hezo_is_partner = 1
		doc.save()
		bad = new_customer("Typo Reseller", "CZ12345678").insert()
		bad.hezo_is_partner = 1
		with self.assertRaises(InvalidPartnerTaxId):
			bad.save()
		# an unrelated edit of a partner whose tax id went wrong before is not refused
		frappe.db.set_value("Customer", doc.name, "tax_id", "SK2020317060")
		doc.reload()
		doc.website = "https://reseller.example"
		doc.save()

	def test_a_customer_with_contracts_keeps_a_valid_nip_in_english_and_polish(self):
		customer = make_customer(NIPS[2], "Serviced Sp. z o.o.")
		make_contract("HZ-NIP-1", customer, "HEZO-360", [make_device("NIP0001", customer)])
		doc = frappe.get_doc("Customer", customer)
		doc.tax_id = "DE136695976"
		with self.assertRaises(InvalidNIP) as error:
			doc.save()
		self.assertIn("DE136695976 is not a valid NIP", str(error.exception))
		self.assertEqual(error.exception.http_status_code, 422)
		frappe.local.lang = "pl"
		doc.reload()
		doc.tax_id = "1234563219"
		with self.assertRaises(InvalidNIP) as error:
			doc.save()
		self.assertIn("nie jest prawidłowym numerem NIP", str(error.exception))
		doc.reload()
		doc.tax_id = "PL 123-456-32-18"  # another form of the same NIP
		doc.save()
		self.assertEqual(frappe.db.get_value("Customer", customer, "tax_id"), "PL 123-456-32-18")

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
