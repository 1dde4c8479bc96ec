"""The distributor's customer master as years of ERPNext left it, there before hezo_service: customers
sharing a NIP, a NIP with a typo, prefixed and spaced forms, foreign VAT ids with and without their
prefix, no tax id, partners among them. Inserted past every hook (as install-app finds them), then
migrated; ordinary edits by ERPNext's sales roles must all succeed and keep `tax_id` as it was, and the
desk's own flows (sale -> contract, sign-up) meet the duplicates as docs/decisions.md says."""

from __future__ import annotations

import frappe

from hezo_service.core.portal import signup_items
from hezo_service.hezo_service.doctype.hezo_contract.test_contracts_from_sales import (
	SERVICE_ITEM,
	order,
	sell,
	service_item,
)
from hezo_service.hezo_service.report.hezo_customer_tax_ids import hezo_customer_tax_ids as report
from hezo_service.patches.v0_3 import fill_customer_nips
from hezo_service.services.common.customer_nips import fill_nips
from hezo_service.services.common.customers import InvalidPartnerTaxId
from hezo_service.services.portal import signup
from hezo_service.tests.factories import HEZOTestCase, make_contract, make_device, make_partner, make_user

DUP, TWIN, SPACED = "1080000007", "1080000013", "1080000042"  # valid NIPs no other test uses
# name, tax id as the accountants typed it, partner, the normalised NIP, what the desk report says
MASTER = (
	("MESSY-DUP-A", "1080000007", 0, DUP, "shared"),
	("MESSY-DUP-B", "108-000-00-07", 0, DUP, "shared"),  # a branch, the same company
	("MESSY-DUP-C", "PL 108 000 00 07", 0, DUP, "shared"),  # a duplicate nobody merged
	("MESSY-TWIN-1", TWIN, 0, TWIN, "shared"),
	("MESSY-TWIN-2", "PL1080000013", 0, TWIN, "shared"),
	("MESSY-TYPO", "1080000030", 0, None, "invalid"),
	("MESSY-SPACED", "PL 108-000-00-42", 0, SPACED, None),
	("MESSY-VAT-DE", "DE136695976", 0, None, None),
	("MESSY-VAT-BARE", "2020317068", 0, None, "invalid"),  # Slovak, without its prefix
	("MESSY-VAT-BAD", "DE123456789", 0, None, "invalid"),
	("MESSY-NONE", None, 0, None, None),
	("MESSY-PARTNER-CZ", "CZ25123891", 1, None, None),
	("MESSY-PARTNER-BAD", "CZ12345678", 1, None, "invalid"),
	("MESSY-PARTNER-DUP", "108 000 00 07", 1, DUP, None),  # a partner may share an end customer's NIP
)
SALES_USER, SALES_MANAGER = "handlowiec@dystrybutor.example", "kierownik.sprzedazy@dystrybutor.example"


def a_leaf(doctype: str) -> str:
	return frappe.get_all(doctype, filters={"is_group": 0}, pluck="name", limit=1)[0]


def preexisting_master() -> None:
	"""Rows as ERPNext holds them, inserted past every controller and hook."""
	group, territory = a_leaf("Customer Group"), a_leaf("Territory")
	for name, tax_id, partner, _nip, _finding in MASTER:
		doc = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name.title(),
				"customer_type": "Company",
				"customer_group": group,
				"territory": territory,
				"tax_id": tax_id,
				"hezo_is_partner": partner,
			}
		)
		doc.name = name
		doc.db_insert()


class TestExistingCustomerMaster(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# made once (inserting a User commits); ERPNext's Sales Manager works with the Sales User role
		make_user(SALES_USER, "Sales User")
		make_user(SALES_MANAGER, "Sales Manager", "Sales User")

	def setUp(self):
		super().setUp()
		preexisting_master()
		fill_customer_nips.execute()  # what `bench migrate` runs

	def test_migration_fills_the_normalised_nip_reports_and_a_second_run_changes_nothing(self):
		for name, tax_id, _partner, nip, _finding in MASTER:
			self.assertEqual(
				frappe.db.get_value("Customer", name, ["tax_id", "hezo_nip"]), (tax_id, nip), name
			)
		modified = dict(
			frappe.get_all("Customer", {"name": ["like", "MESSY-%"]}, ["name", "modified"], as_list=1)
		)
		self.assertEqual(fill_nips(), 0)
		fill_customer_nips.execute()
		self.assertEqual(
			dict(frappe.get_all("Customer", {"name": ["like", "MESSY-%"]}, ["name", "modified"], as_list=1)),
			modified,
		)
		_columns, rows = report.execute()
		listed = {r["customer"]: r for r in rows if r["customer"].startswith("MESSY-")}
		expected = {name: finding for name, *_rest, finding in MASTER if finding}
		self.assertEqual(set(listed), set(expected))
		self.assertEqual(listed["MESSY-DUP-B"]["shared_with"], "MESSY-DUP-A, MESSY-DUP-C")
		self.assertEqual(
			{name for name, r in listed.items() if r["problem"] == report.PROBLEMS["invalid"]},
			{name for name, f in expected.items() if f == "invalid"},
		)
		_columns, only_shared = report.execute({"problem": "shared"})
		self.assertTrue(all(r["problem"] == report.PROBLEMS["shared"] for r in only_shared))

	def test_ordinary_edits_by_erpnext_sales_roles_succeed_and_keep_tax_id(self):
		# one of the duplicates is served by the desk: that changes nothing for an unrelated edit
		make_contract("HZ-MESSY-0", "MESSY-DUP-A", "HEZO-360", [make_device("MESSY-FG-0", "MESSY-DUP-A")])
		for user in (SALES_USER, SALES_MANAGER):
			frappe.set_user(user)
			for name, tax_id, *_rest in MASTER:
				with self.subTest(user=user, customer=name):
					doc = frappe.get_doc("Customer", name)
					doc.website = f"https://{name.lower()}.example"
					doc.customer_details = f"edited by {user}"
					doc.save()
					self.assertEqual(frappe.db.get_value("Customer", name, "tax_id"), tax_id)
		frappe.set_user(SALES_USER)
		# correcting a typo, or typing any id, on a customer the desk does not serve is ERPNext's business
		for name, tax_id in (("MESSY-TYPO", "108-000-00-36"), ("MESSY-NONE", "1234"), ("MESSY-DUP-C", DUP)):
			doc = frappe.get_doc("Customer", name)
			doc.tax_id = tax_id
			doc.save()
			self.assertEqual(frappe.db.get_value("Customer", name, "tax_id"), tax_id)

	def test_a_foreign_customer_becomes_a_partner_with_its_eu_vat_number(self):
		doc = frappe.get_doc("Customer", "MESSY-VAT-DE")
		doc.hezo_is_partner = 1
		doc.save()
		doc = frappe.get_doc("Customer", "MESSY-VAT-BAD")
		doc.hezo_is_partner = 1
		with self.assertRaises(InvalidPartnerTaxId):
			doc.save()

	def test_a_sale_naming_a_shared_nip_goes_to_the_customer_with_the_contract(self):
		partner = make_partner("MESSY Partner Sprzedaży")
		service_item()
		make_contract("HZ-MESSY-1", "MESSY-DUP-B", "HEZO-360", [make_device("MESSY-FG-1", "MESSY-DUP-B")])
		sell(partner, ["MESSY-FG-2"])
		so = order(
			partner,
			"PL 108-000-00-07",
			[{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "MESSY-FG-2"}],
		)
		so.submit()
		self.assertEqual(
			frappe.db.get_value("HEZO Contract", {"sales_order": so.name}, "customer"), "MESSY-DUP-B"
		)

	def test_a_sale_naming_a_nip_several_customers_share_asks_staff_to_choose(self):
		partner = make_partner("MESSY Partner Sprzedaży")
		service_item()
		sell(partner, ["MESSY-FG-3"])
		line = [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "MESSY-FG-3"}]
		so = order(partner, TWIN, line)
		with self.assertRaises(frappe.ValidationError) as raised:
			so.submit()
		self.assertIn(
			f"Customers MESSY-TWIN-1, MESSY-TWIN-2 all have NIP {TWIN}: choose the one the contracts are for",
			str(raised.exception),
		)
		self.assertEqual(raised.exception.http_status_code, 422)
		so.reload()
		so.hezo_end_customer = "MESSY-SPACED"
		so.save()
		with self.assertRaises(frappe.ValidationError) as raised:
			so.submit()
		self.assertIn(f"Customer MESSY-SPACED does not have NIP {TWIN}", str(raised.exception))
		so.reload()
		so.hezo_end_customer = "MESSY-TWIN-2"
		so.save()
		so.submit()
		self.assertEqual(
			frappe.db.get_value("HEZO Contract", {"sales_order": so.name}, "customer"), "MESSY-TWIN-2"
		)

	def test_a_sale_matches_a_spaced_nip_and_refuses_the_typo(self):
		partner = make_partner("MESSY Partner Sprzedaży")
		service_item()
		sell(partner, ["MESSY-FG-4", "MESSY-FG-5"])
		so = order(partner, SPACED, [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "MESSY-FG-4"}])
		so.submit()
		self.assertEqual(
			frappe.db.get_value("HEZO Contract", {"sales_order": so.name}, "customer"), "MESSY-SPACED"
		)
		typo = order(
			partner, "1080000030", [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "MESSY-FG-5"}]
		)
		with self.assertRaises(frappe.ValidationError) as raised:
			typo.submit()
		self.assertIn("1080000030 is not a valid Polish NIP", str(raised.exception))

	def test_sign_up_goes_to_the_customer_with_the_contract_and_never_reveals_duplicates(self):
		device = make_device("MESSY-FG-6", "MESSY-DUP-C")
		contract = make_contract("HZ-MESSY-2", "MESSY-DUP-C", "HEZO-360", [device])
		self.assertEqual(
			signup.match(signup_items("108-000-00-07", device, contract)), ("MESSY-DUP-C", contract)
		)
		frappe.local.response = frappe._dict()
		answers = [
			signup.sign_up(nip, device, contract, "Jan Kowalski", "jan@messy.example")
			for nip in (TWIN, "5260250995", "1080000030")  # another shared NIP, a NIP nobody has, a typo
		]
		self.assertEqual({a["message"] for a in answers}, {signup.wrong_triple()})
		self.assertFalse(frappe.db.exists("User", "jan@messy.example"))
