"""Partner sign-up with its tax id (a NIP, or an EU VAT number) and one contract it sold: the customer
sign-up's checks (one answer for every wrong pair, every attempt logged, the same budgets); the new
user is the partner's portal user and nobody's end customer; a signed-in user adds a partner with the
same proof. Creating a User commits, so this class commits its data and removes it after."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, set_request, today

from hezo_service.api import partner as api
from hezo_service.services.portal.partner_signup import wrong_pair
from hezo_service.services.portal.scope import customers_of, forget_customers_of, partners_of
from hezo_service.tests.factories import NIPS, HEZOTestCase, make_customer, make_device, make_partner
from hezo_service.tests.partner_fixtures import P2_VAT, partner_contract

NEW = "nowy.partner@partner-signup.example"
PREFIX = "PSG"
P1_NIP, CUSTOMER_NIP = NIPS[6], NIPS[2]


def remove_user(email: str) -> None:
	if frappe.db.exists("User", email):
		frappe.set_user("Administrator")
		frappe.db.delete("HEZO Portal Access", {"user": email})
		frappe.db.delete("Portal User", {"user": email})
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	frappe.db.delete("HEZO Signup Attempt", {"email": email})
	frappe.db.commit()


class TestPartnerSignup(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.cleanup()
		on = getdate(today())
		cls.p1 = make_partner(f"Partner {PREFIX} One Sp. z o.o.", P1_NIP)
		cls.p2 = make_partner(f"Partner {PREFIX} Two s.r.o.", P2_VAT)
		cls.customer = make_customer(CUSTOMER_NIP, f"Customer {PREFIX} Sp. z o.o.")
		devices = [make_device(f"{PREFIX}{n:04d}", cls.customer) for n in (1, 2)]
		cls.c1 = partner_contract(
			f"HZ-{PREFIX}-1", cls.customer, cls.p1, devices[:1], add_days(on, -30), add_days(on, 300)
		)
		cls.c2 = partner_contract(
			f"HZ-{PREFIX}-2", cls.customer, cls.p2, devices[1:], add_days(on, -30), add_days(on, 300)
		)
		frappe.db.commit()

	@classmethod
	def cleanup(cls):
		remove_user(NEW)
		customers = frappe.get_all(
			"Customer", filters={"customer_name": ["like", f"%{PREFIX}%"]}, pluck="name"
		)
		contracts = frappe.get_all(
			"HEZO Contract", filters={"name": ["like", f"HZ-{PREFIX}-%"]}, pluck="name"
		)
		for doctype, field, values in (
			("HEZO Signup Attempt", "customer", customers),
			("HEZO Portal Access", "customer", customers),
			("Portal User", "parent", customers),
			("HEZO Contract Device", "parent", contracts),
			("HEZO Contract", "name", contracts),
			("Serial No", "name", [f"{PREFIX}0001", f"{PREFIX}0002"]),
			("Customer", "name", customers),
		):
			if values:
				frappe.db.delete(doctype, {field: ["in", values]})
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cls.cleanup()
		super().tearDownClass()

	def setUp(self):
		frappe.local.response = frappe._dict()
		frappe.set_user("Guest")
		forget_customers_of()

	def tearDown(self):
		remove_user(NEW)
		forget_customers_of()

	def sign_up(self, tax_id: str, contract: str) -> dict:
		frappe.local.response = frappe._dict()
		return api.sign_up(tax_id, contract, "Nowy Partner", NEW, None)

	def test_wrong_pairs_get_one_answer_and_nothing_is_made(self):
		attempts = frappe.db.count("HEZO Signup Attempt", {"email": NEW})
		for tax_id, contract in (
			(P2_VAT, self.c1),  # another partner's tax id
			(P1_NIP, self.c2),  # another partner's contract
			(CUSTOMER_NIP, self.c1),  # the end customer's NIP on the contract
			(P1_NIP, "HZ-NOPE"),
			("12345", self.c1),  # not a tax id
		):
			with self.subTest(tax_id=tax_id, contract=contract):
				self.assertEqual(self.sign_up(tax_id, contract), {"ok": False, "message": wrong_pair()})
				self.assertEqual(frappe.local.response.get("http_status_code"), 422)
		self.assertFalse(frappe.db.exists("User", NEW))
		self.assertEqual(frappe.db.count("HEZO Signup Attempt", {"email": NEW}), attempts + 5)

	def test_a_nip_and_a_contract_make_the_partners_portal_user(self):
		formatted = f"PL {P1_NIP[:3]}-{P1_NIP[3:6]}-{P1_NIP[6:8]}-{P1_NIP[8:]}"
		result = self.sign_up(formatted, f" {self.c1.lower()} ")
		self.assertTrue(result["ok"], result)
		self.assertEqual(partners_of(NEW), [self.p1])
		self.assertEqual(customers_of(NEW), [])  # a partner's user is nobody's end customer
		self.assertEqual(frappe.get_value("HEZO Signup Attempt", {"email": NEW}, "result"), "Accepted")

	def test_an_eu_vat_number_signs_up_a_partner_outside_poland(self):
		result = self.sign_up("sk 2020 317 068", self.c2)
		self.assertTrue(result["ok"], result)
		self.assertEqual(partners_of(NEW), [self.p2])

	def test_a_signed_in_user_adds_a_partner_with_the_same_proof(self):
		self.assertTrue(self.sign_up(P1_NIP, self.c1)["ok"])
		frappe.set_user(NEW)
		frappe.local.response = frappe._dict()
		self.assertFalse(api.link_partner(P1_NIP, self.c2)["ok"])
		self.assertEqual(frappe.local.response.get("http_status_code"), 422)
		frappe.local.response = frappe._dict()
		self.assertTrue(api.link_partner(P2_VAT, self.c2)["ok"])
		forget_customers_of()
		self.assertEqual(sorted(partners_of(NEW)), sorted([self.p1, self.p2]))

	def test_attempts_spend_the_sign_up_budgets(self):
		from hezo_service.security.limits import reset

		set_request(method="POST", path="/api/method/hezo_service.api.partner.sign_up")
		frappe.local.request_ip = "203.0.113.78"
		frappe.local.form_dict = frappe._dict(cmd="hezo_service.api.partner.sign_up")
		reset("signup-client")
		reset("signup-target")
		try:
			for _ in range(10):
				self.assertFalse(self.sign_up(P2_VAT, self.c1)["ok"])
			with self.assertRaises(frappe.RateLimitExceededError) as raised:
				self.sign_up(P1_NIP, self.c1)  # the right pair, once the client's budget is spent
			self.assertEqual(raised.exception.http_status_code, 429)
			self.assertFalse(frappe.db.exists("User", NEW))
		finally:
			reset("signup-client")
			reset("signup-target")
			frappe.local.request = None
			frappe.local.request_ip = None
