"""Sign-up with NIP + serial + contract: one message for every wrong combination, every attempt
logged, rate-limited; a new user gets Frappe's welcome e-mail (set-password link); an existing user
links a second customer with the same proof. Users are committed by Frappe, so this class removes
the ones it creates."""

from __future__ import annotations

import frappe
import frappe.auth
from frappe.utils import set_request

from hezo_service.api import portal as api
from hezo_service.services.portal.scope import customers_of, forget_customers_of
from hezo_service.services.portal.signup import wrong_triple
from hezo_service.tests.factories import NIPS, HEZOTestCase
from hezo_service.tests.portal_fixtures import (
	USERS,
	make_portal_users,
	make_world,
	remove_world,
)
from hezo_service.tests.site_defaults import english_site

NEW = "nowy.klient@portal-a.example"
PREFIX, WORLD_NIPS = "SGN", (NIPS[5], NIPS[6])


def remove_user(email):
	if frappe.db.exists("User", email):
		frappe.set_user("Administrator")
		frappe.db.delete("HEZO Portal Access", {"user": email})
		frappe.db.delete("Portal User", {"user": email})
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
		frappe.db.commit()


class TestPortalSignup(HEZOTestCase):
	"""Creating a User commits the transaction, so this class commits its data and removes it after,
	instead of the per-test savepoint."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = make_portal_users()
		cls.cleanup()
		cls.world = make_world(cls.freeze_time_for_class, PREFIX, WORLD_NIPS)
		cls.a, cls.b = cls.world["A"], cls.world["B"]
		frappe.db.commit()

	@classmethod
	def freeze_time_for_class(cls, when):
		from frappe.tests.utils import FrappeTestCase

		return FrappeTestCase.freeze_time(cls, when, tick=True)

	@classmethod
	def cleanup(cls):
		remove_user(NEW)
		remove_world(PREFIX, WORLD_NIPS, [NEW, *USERS.values()])

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cls.cleanup()
		super().tearDownClass()

	def setUp(self):
		frappe.local.response = frappe._dict()
		frappe.set_user("Guest")

	def tearDown(self):
		remove_user(NEW)
		frappe.db.delete("HEZO Signup Attempt", {"email": NEW})
		frappe.set_user("Administrator")
		frappe.db.delete("HEZO Portal Access", {"user": self.a.user, "customer": self.b.customer})
		frappe.db.delete("Portal User", {"user": self.a.user, "parent": self.b.customer})
		frappe.db.set_single_value("Portal Settings", "default_role", None)
		frappe.db.commit()
		forget_customers_of()

	def sign_up(self, nip, serial, contract, email=NEW):
		frappe.local.response = frappe._dict()
		return api.sign_up(nip, serial, contract, "Nowy Klient", email, "+48 600 100 200")

	def test_wrong_triple_one_message_logged_nothing_created(self):
		a, b = self.a, self.b
		attempts = frappe.db.count("HEZO Signup Attempt")
		for nip, serial, contract in (
			(b.nip, a.serial, a.contract),  # NIP of another customer
			(a.nip, b.serial, a.contract),  # a device not on the contract
			(a.nip, a.serial, b.contract),  # another customer's contract
			(a.nip, a.serial, "HZ-NOPE"),
			("123", a.serial, a.contract),  # not a NIP at all
		):
			with self.subTest(nip=nip, serial=serial, contract=contract):
				result = self.sign_up(nip, serial, contract)
				self.assertEqual(result, {"ok": False, "message": wrong_triple()})
				self.assertEqual(frappe.local.response.get("http_status_code"), 422)
		self.assertFalse(frappe.db.exists("User", NEW))
		self.assertEqual(frappe.db.count("HEZO Signup Attempt"), attempts + 5)
		self.assertEqual(
			set(frappe.get_all("HEZO Signup Attempt", filters={"email": NEW}, pluck="result")), {"Refused"}
		)

	def test_right_triple_creates_portal_user_with_verification_mail(self):
		formatted_nip = f"PL {self.a.nip[:3]}-{self.a.nip[3:6]}-{self.a.nip[6:8]}-{self.a.nip[8:]}"
		result = self.sign_up(formatted_nip, self.a.serial.lower(), f" {self.a.contract.lower()} ")
		self.assertTrue(result["ok"], result)
		user = frappe.get_doc("User", NEW)
		self.assertEqual(user.user_type, "Website User")
		self.assertEqual([r.role for r in user.roles], ["HEZO Customer"])
		# access is a Portal User row on the ERPNext Customer (what the scope reads); HEZO Portal Access
		# records how it was proved
		self.assertEqual(
			frappe.get_all("Portal User", filters={"user": NEW, "parenttype": "Customer"}, pluck="parent"),
			[self.a.customer],
		)
		self.assertEqual(customers_of(NEW), [self.a.customer])
		self.assertEqual(
			frappe.get_all("HEZO Portal Access", filters={"user": NEW}, fields=["customer", "contract"]),
			[{"customer": self.a.customer, "contract": self.a.contract}],
		)
		mail = frappe.get_all(
			"Email Queue",
			filters=[["Email Queue Recipient", "recipient", "=", NEW]],
			fields=["message"],
			order_by="`tabEmail Queue`.creation desc",
			limit=1,
		)
		self.assertTrue(mail)
		self.assertIn(
			"update-password?key=",
			frappe.safe_decode(mail[0].message).replace("=\r\n", "").replace("=3D", "="),
		)
		self.assertTrue(frappe.db.exists("HEZO Signup Attempt", {"email": NEW, "result": "Accepted"}))
		# the same e-mail again: refused, nothing new
		again = self.sign_up(self.a.nip, self.a.serial, self.a.contract)
		self.assertFalse(again["ok"])

	def test_a_user_signed_up_on_an_english_site_gets_polish(self):
		"""The portal's language, not the site's default (ERPNext's wizard may leave English)."""
		with english_site():
			self.assertEqual(frappe.local.lang, "en")  # what a guest's request starts from there
			result = self.sign_up(self.a.nip, self.a.serial, self.a.contract)
			self.assertTrue(result["ok"], result)
		self.assertEqual(frappe.db.get_value("User", NEW, "language"), "pl")

	def test_a_user_signed_up_on_the_english_portal_gets_english(self):
		frappe.local.form_dict = frappe._dict(_lang="en")  # the portal's switch: every post sends it
		try:
			result = self.sign_up(self.a.nip, self.a.serial, self.a.contract)
		finally:
			frappe.local.form_dict = frappe._dict()
		self.assertTrue(result["ok"], result)
		self.assertEqual(frappe.db.get_value("User", NEW, "language"), "en")

	def test_existing_user_links_a_second_customer(self):
		frappe.set_user(self.a.user)
		frappe.local.response = frappe._dict()
		refused = api.link_customer(self.b.nip, self.b.serial, self.a.contract)
		self.assertEqual(refused["message"], wrong_triple())
		self.assertEqual(frappe.local.response.get("http_status_code"), 422)
		self.assertFalse(frappe.has_permission("HEZO Ticket", "read", doc=self.b.ticket))
		linked = api.link_customer(self.b.nip, self.b.serial, self.b.contract)
		self.assertTrue(linked["ok"])
		self.assertEqual(
			sorted(frappe.get_all("Portal User", filters={"user": self.a.user}, pluck="parent")),
			sorted([self.a.customer, self.b.customer]),
		)
		self.assertEqual(customers_of(self.a.user), [self.a.customer, self.b.customer])
		self.assertTrue(frappe.has_permission("HEZO Ticket", "read", doc=self.b.ticket))
		self.assertTrue(frappe.db.exists("HEZO Signup Attempt", {"user": self.a.user, "result": "Linked"}))

	def test_sign_up_and_first_login_make_no_customer(self):
		"""ERPNext's login hook (`create_customer_or_supplier`) makes a Customer for a website user with
		Portal Settings' default role; the portal's users never get ERPNext's "Customer" role, so even
		with that setting their first login adds nothing."""
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Portal Settings", "default_role", "Customer")
		customers, contacts = frappe.db.count("Customer"), frappe.db.count("Contact")
		frappe.set_user("Guest")
		self.assertTrue(self.sign_up(self.a.nip, self.a.serial, self.a.contract)["ok"])
		frappe.set_user(NEW)
		login = frappe.auth.LoginManager.__new__(frappe.auth.LoginManager)
		login.user = NEW
		login.run_trigger("on_session_creation")  # every app's hook, as Frappe runs them at login
		frappe.set_user("Administrator")
		self.assertNotIn("Customer", frappe.get_roles(NEW))
		self.assertEqual((frappe.db.count("Customer"), frappe.db.count("Contact")), (customers, contacts))
		self.assertEqual(customers_of(NEW), [self.a.customer])

	def test_attempts_are_rate_limited(self):
		from hezo_service.security.limits import reset

		set_request(method="POST", path="/api/method/hezo_service.api.portal.sign_up")
		frappe.local.request_ip = "203.0.113.77"
		frappe.local.form_dict = frappe._dict(cmd="hezo_service.api.portal.sign_up")
		reset("signup-client")
		reset("signup-target")
		try:
			for _ in range(10):
				self.assertFalse(self.sign_up(self.b.nip, self.a.serial, self.a.contract)["ok"])
			with self.assertRaises(frappe.RateLimitExceededError) as raised:
				self.sign_up(self.a.nip, self.a.serial, self.a.contract)
			self.assertEqual(raised.exception.http_status_code, 429)
			self.assertFalse(frappe.db.exists("User", NEW))
		finally:
			reset("signup-client")
			reset("signup-target")
			frappe.local.request = None
			frappe.local.request_ip = None
