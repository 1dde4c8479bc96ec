"""The second security pass (docs/security.md): private files reached through a name that collides in
the database's collation, customer text stored with markup, the forgotten-password oracle, portal
methods called without their arguments."""

from __future__ import annotations

import json
import re
import unicodedata

import frappe
from frappe.utils import set_request
from werkzeug.exceptions import Forbidden

import hezo_service.api.portal as portal_api
from hezo_service.security import private_files
from hezo_service.security.limits import reset
from hezo_service.services.portal import actions
from hezo_service.tests.portal_fixtures import PortalUsersTestCase, PortalWorldTestCase, call_api

RAW_TAG = re.compile(r"<[A-Za-z!/?]")
LIVE = re.compile(r"<script|<[^>]*\son\w+\s*=", re.IGNORECASE)


def colliding(name: str) -> list[str]:
	"""Names equal to `name` in utf8mb4_unicode_ci (case, accents, trailing spaces) or on a careless
	path check (trailing dots, another Unicode normalisation form)."""
	accented = name.replace("e", "é", 1)
	return [
		name.capitalize(),
		name.upper(),
		name.lower(),
		accented,
		unicodedata.normalize("NFD", accented),
		name + " ",
		name + ".",
	]


class TestPrivateFileCollisions(PortalWorldTestCase):
	def request_as(self, user: str, path: str) -> None:
		frappe.set_user(user)
		set_request(method="GET", path=path)
		frappe.local.form_dict = frappe._dict()

	def tearDown(self):
		frappe.local.request = None
		super().tearDown()

	def test_a_colliding_upload_never_opens_the_other_customers_file(self):
		b_url = self.b.file_url
		frappe.set_user(self.a.user)
		# the same bytes first under any name (Frappe then hands out the existing file's URL), then
		# every colliding name
		actions.attach(self.a.ticket, "any.log", b"secret log of B")
		for name in colliding(b_url.rsplit("/", 1)[1]):
			with self.subTest(name=name):
				frappe.set_user(self.a.user)
				stored = actions.attach(self.a.ticket, name, f"mine {name}".encode())
				self.assertNotEqual(stored["file_url"].lower(), b_url.lower())
				# no other File row equals the stored URL in the database's collation
				self.assertEqual(frappe.db.count("File", {"file_url": stored["file_url"]}), 1)
				self.request_as(self.a.user, b_url)
				with self.assertRaises(Forbidden):
					private_files.check_request()
				# and A's own file opens
				self.request_as(self.a.user, stored["file_url"])
				private_files.check_request()

	def test_a_row_that_matches_only_in_the_collation_does_not_count(self):
		"""Even a File row made another way (Frappe's own insert keeps a name free on the disk) whose URL
		differs from B's only in case lets A through nowhere."""
		frappe.set_user("Administrator")
		row = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": self.b.file_url.rsplit("/", 1)[1].upper(),
				"attached_to_doctype": "HEZO Ticket",
				"attached_to_name": self.a.ticket,
				"is_private": 1,
				"content": b"a's own bytes",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(row.file_url.lower(), self.b.file_url.lower())
		self.request_as(self.a.user, self.b.file_url)
		with self.assertRaises(Forbidden):
			private_files.check_request()
		self.request_as(self.b.user, self.b.file_url)
		private_files.check_request()  # B's own

	def test_a_guessed_name_answers_the_same_whether_it_exists(self):
		for path in (self.b.file_url, "/private/files/secret-Q.log"):
			with self.subTest(path=path):
				self.request_as(self.a.user, path)
				with self.assertRaises(Forbidden):
					private_files.check_request()

	def test_the_name_the_customer_gave_is_shown(self):
		frappe.set_user(self.a.user)
		stored = actions.attach(self.a.ticket, "router.log", b"router says hello")
		self.assertEqual(stored["file_name"], "router.log")
		self.assertRegex(stored["file_url"], r"^/private/files/router-[0-9a-f]{12}\.log$")
		with open(frappe.get_site_path(stored["file_url"].lstrip("/")), "rb") as f:
			self.assertEqual(f.read(), b"router says hello")


class TestStoredCustomerText(PortalWorldTestCase):
	def assertNoRawMarkup(self, value: str | None) -> None:
		self.assertIsNone(RAW_TAG.search(value or ""), value)

	def assertNoLiveMarkup(self, value: str | None) -> None:
		self.assertIsNone(LIVE.search(value or ""), value)

	def test_json_quoted_and_nested_payloads_are_stored_without_markup(self):
		frappe.set_user(self.a.user)
		for payload in (
			'"<img src=x onerror=alert(1)>"',
			'{"a": "<svg onload=alert(2)>"}',
			"Awaria <scr<script>ipt>alert(3)</script>",
		):
			with self.subTest(payload=payload):
				frappe.set_user(self.a.user)
				name = actions.create_ticket(self.a.serial, self.a.contract, "Critical", payload, payload)
				actions.escalate(name, payload)
				frappe.set_user("Administrator")
				ticket = frappe.get_doc("HEZO Ticket", name)
				self.assertNoRawMarkup(ticket.subject)
				self.assertNoLiveMarkup(ticket.description)  # rich text: sanitised, entities stay text
				for reason in frappe.get_all("HEZO Escalation", {"ticket": name}, pluck="reason"):
					self.assertNoRawMarkup(reason)
				for note in frappe.get_all("HEZO SLA Event", {"ticket": name}, pluck="note"):
					self.assertNoRawMarkup(note)

	def test_a_subject_of_markup_alone_is_no_subject(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(actions.PortalInputError):
			actions.create_ticket(
				self.a.serial, self.a.contract, "Critical", "<img src=x onerror=alert(1)>", ""
			)

	def test_the_desk_route_is_cleaned_too(self):
		ticket = frappe.get_doc("HEZO Ticket", self.a.ticket)
		ticket.subject = '"<img src=x onerror=alert(1)>"'
		ticket.save(ignore_permissions=True)
		self.assertNoRawMarkup(ticket.reload().subject)


class TestForgottenPassword(PortalUsersTestCase):
	def setUp(self):
		super().setUp()
		reset("signup-client")
		reset("signup-target")

	def tearDown(self):
		reset("signup-client")
		reset("signup-target")
		frappe.set_user("Administrator")
		super().tearDown()

	def ask(self, address: str) -> tuple[int, dict]:
		frappe.set_user("Guest")
		return call_api("POST", "/api/method/frappe.core.doctype.user.user.reset_password", {"user": address})

	def test_one_answer_whatever_the_address(self):
		disabled = self.users["B"]
		frappe.db.set_value("User", disabled, "enabled", 0)
		answers = {
			address: self.ask(address)
			for address in (self.users["A"], "nobody@portal-a.example", disabled, "Administrator@example.com")
		}
		self.assertEqual(len({json.dumps(a, sort_keys=True) for a in answers.values()}), 1, answers)
		status, body = answers[self.users["A"]]
		self.assertEqual(status, 200)
		self.assertNotIn("Anna", json.dumps(body))  # no account holder's name

	def test_the_link_goes_to_an_existing_account_only(self):
		def queued(address: str) -> int:
			return frappe.db.count("Email Queue Recipient", {"recipient": address})

		before = {a: queued(a) for a in (self.users["A"], "nobody@portal-a.example")}
		frappe.db.set_value("User", self.users["A"], "reset_password_key", None)
		self.ask(self.users["A"])
		self.ask("nobody@portal-a.example")
		frappe.set_user("Administrator")
		self.assertEqual(queued(self.users["A"]), before[self.users["A"]] + 1)
		self.assertEqual(queued("nobody@portal-a.example"), before["nobody@portal-a.example"])
		self.assertTrue(frappe.db.get_value("User", self.users["A"], "reset_password_key"))

	def test_spends_the_sign_up_budget(self):
		statuses = [self.ask(f"guess{i}@portal-a.example")[0] for i in range(12)]
		self.assertEqual(statuses[:10], [200] * 10)
		self.assertEqual(statuses[10:], [429, 429])

	def test_no_address_is_a_clear_4xx(self):
		status, _body = self.ask("")
		self.assertEqual(status, 422)


class TestPortalMethodsWithoutArguments(PortalUsersTestCase):
	def test_every_portal_method_answers_4xx_with_a_message(self):
		from hezo_service.security.guard import portal_methods

		methods = sorted(portal_methods())
		self.assertGreaterEqual(len(methods), 10)
		for method in methods:
			# sign-up is for guests; every other method for a signed-in customer
			frappe.set_user("Guest" if method.endswith(".sign_up") else self.users["A"])
			frappe.local.lang = "pl"
			for verb in ("POST", "GET"):
				with self.subTest(method=method, verb=verb):
					status, body = call_api(verb, f"/api/method/{method}", {})
					self.assertTrue(400 <= status < 500, (method, verb, status, body))
		frappe.set_user("Administrator")

	def test_the_message_names_what_is_missing_in_polish(self):
		frappe.set_user(self.users["A"])
		frappe.local.lang = "pl"
		with self.assertRaises(actions.PortalInputError) as raised:
			portal_api.reply()
		self.assertIn("Uzupełnij", str(raised.exception))
		self.assertIn("Wiadomość", str(raised.exception))
		frappe.set_user("Administrator")
