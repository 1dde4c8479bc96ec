"""The portal's security boundary in the bench (the HTTP side is attack_tests/): the request guard,
the client address behind a trusted proxy, the sign-up budgets per client and per target customer,
CSRF tokens for portal sessions, active PDFs, escaping in templates, e-mails and print formats."""

from __future__ import annotations

import io
import pathlib
import re

import frappe
from frappe.tests.utils import FrappeTestCase

from hezo_service.api import portal as api
from hezo_service.security import guard
from hezo_service.security.client import client_address, networks
from hezo_service.security.limits import TooManyAttempts, reset
from hezo_service.security.uploads import pdf_is_active
from hezo_service.services.portal.signup import SignupRefused
from hezo_service.tests.factories import make_user

APP = pathlib.Path(frappe.get_app_path("hezo_service"))
PORTAL_TEMPLATES = sorted(
	[
		*APP.glob("www/hezo/*.html"),
		*APP.glob("templates/hezo_*.html"),
		*APP.glob("templates/includes/hezo_*.html"),
	],
	key=str,
)


def set_request(path: str, method: str = "POST", remote: str = "192.0.2.10", headers=None) -> None:
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	builder = EnvironBuilder(path=path, method=method, headers=headers or {})
	environ = builder.get_environ()
	environ["REMOTE_ADDR"] = remote
	frappe.local.request = Request(environ)


class TestClientAddress(FrappeTestCase):
	def test_forwarded_for_counts_only_from_a_trusted_proxy(self):
		trusted = networks(["127.0.0.1", "10.0.0.0/8"])
		self.assertEqual(client_address("203.0.113.5", "198.51.100.1", trusted), "203.0.113.5")
		self.assertEqual(client_address("127.0.0.1", "198.51.100.1", []), "127.0.0.1")
		self.assertEqual(client_address("127.0.0.1", "198.51.100.1", trusted), "198.51.100.1")
		# the client's own entries left of the proxy's are never used
		self.assertEqual(client_address("127.0.0.1", "6.6.6.6, 198.51.100.1", trusted), "198.51.100.1")
		self.assertEqual(client_address("127.0.0.1", "198.51.100.1, 10.1.2.3", trusted), "198.51.100.1")
		self.assertEqual(client_address("127.0.0.1", "not-an-ip", trusted), "127.0.0.1")
		self.assertEqual(networks(["nonsense", "192.0.2.0/24"]), networks("192.0.2.0/24"))

	def test_before_request_sets_request_ip_from_the_socket(self):
		try:
			set_request(
				"/api/method/ping",
				"GET",
				"192.0.2.44",
				{"X-Forwarded-For": "6.6.6.6", "REMOTE_ADDR": "7.7.7.7"},
			)
			guard.set_client_address()
			self.assertEqual(frappe.local.request_ip, "192.0.2.44")
		finally:
			frappe.local.request = None
			frappe.local.request_ip = None


class TestGuard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.portal_user = make_user("straz@portal-sec.example", "HEZO Customer")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()

	def guarded(self, path: str, user: str, cmd: str | None = None) -> bool:
		"""True when the guard refuses the request."""
		frappe.set_user(user)
		frappe.local.session.data = frappe._dict(csrf_token="checked-by-frappe")
		set_request(path)
		frappe.local.form_dict = frappe._dict(cmd=cmd) if cmd else frappe._dict()
		try:
			guard.before_request()
		except guard.RefusedByGuard as refused:
			self.assertEqual(refused.http_status_code, 403)
			return True
		except guard.PageRefusedByGuard as refused:
			self.assertEqual(refused.http_status_code, 404)
			return True
		return False

	def test_generic_endpoints_are_refused_to_portal_users_and_guest(self):
		for user in (self.portal_user, "Guest"):
			for path in (
				"/api/method/frappe.client.get_count",
				"/api/v2/method/frappe.client.get_count",
				"/api/v1/method/upload_file",
				"/api/method/frappe.desk.form.utils.add_comment",
				"/api/method/frappe.desk.like.toggle_like",
				"/api/method/frappe.desk.form.utils.validate_link",
				"/api/resource/HEZO Contract Device",
				"/api/v2/document/HEZO Ticket/X",
				"/api/v2/doctype/Customer/count",
				"/api/v2/method/HEZO Ticket/get_clock",
				"/printview",
				"/printpreview",
				"/order",
				"/material_request_info",
				"/list",
				"/app/hezo-ticket",
			):
				self.assertTrue(self.guarded(path, user), (user, path))
			self.assertTrue(self.guarded("/", user, cmd="frappe.client.get_count"))

	def test_portal_methods_and_pages_pass(self):
		for path in (
			"/api/method/hezo_service.api.portal.reply",
			"/api/v2/method/hezo_service.api.portal.sign_up",
			"/api/method/login",
			"/hezo/ticket",
			"/hezo",
			"/login",
			"/update-password",
			"/",
			"/private/files/x.log",
		):
			self.assertFalse(self.guarded(path, self.portal_user), path)

	def test_desk_users_are_not_guarded(self):
		self.assertFalse(self.guarded("/api/method/frappe.client.get_count", "Administrator"))
		self.assertFalse(self.guarded("/api/resource/HEZO Ticket", "Administrator"))

	def test_allowed_methods_are_the_portal_module_and_frappe_login(self):
		allowed = guard.allowed_methods()
		self.assertIn("hezo_service.api.portal.link_customer", allowed)
		self.assertIn("hezo_service.api.portal.work_report", allowed)
		self.assertNotIn("hezo_service.api.portal.signup", allowed)  # a module, not a method
		self.assertNotIn("hezo_service.api.tickets.create_ticket", allowed)
		self.assertFalse({m for m in allowed if m.startswith("frappe.client")})


class TestSignupBudgets(FrappeTestCase):
	def setUp(self):
		reset("signup-client")
		reset("signup-target")

	def tearDown(self):
		reset("signup-client")
		reset("signup-target")
		frappe.local.request = None
		frappe.local.request_ip = None
		frappe.set_user("Administrator")

	def attempt(self, ip: str, nip: str, contract: str = "HZ-NONE") -> dict:
		set_request("/api/method/hezo_service.api.portal.sign_up")
		frappe.local.request_ip = ip
		frappe.set_user("Guest")
		try:
			return api.sign_up(nip, "SER-NONE", contract, "Jan Nowak", "budzet@portal-sec.example")
		finally:
			frappe.set_user("Administrator")

	def test_per_client(self):
		for _ in range(10):
			self.assertFalse(self.attempt("192.0.2.1", "5260250995", f"HZ-{_}")["ok"])
		with self.assertRaises(TooManyAttempts) as raised:
			self.attempt("192.0.2.1", "7740001454")
		self.assertEqual(raised.exception.http_status_code, 429)
		self.assertFalse(self.attempt("192.0.2.2", "7740001454")["ok"])  # another client

	def test_per_target_customer_across_clients(self):
		for i in range(20):
			self.assertFalse(self.attempt(f"192.0.2.{i + 1}", "5260250995", f"HZ-{i}")["ok"])
		with self.assertRaises(TooManyAttempts):
			self.attempt("192.0.2.99", "5260250995", "HZ-X")
		# the same contract number under another NIP is the same target
		for i in range(20):
			self.attempt(f"198.51.100.{i + 1}", "7740001454", "HZ-SAME")
		with self.assertRaises(TooManyAttempts):
			self.attempt("198.51.100.99", "1234563218", "HZ-SAME")

	def test_markup_in_the_name_is_refused(self):
		frappe.set_user("Guest")
		with self.assertRaises(SignupRefused):
			api.sign_up("5260250995", "X", "X", '"<img src=x onerror=alert(1)>"', "xss@portal-sec.example")


class TestCsrfForPortalSessions(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None

	def request_as(self, user: str, method: str, path: str = "/api/method/hezo_service.api.portal.reply"):
		frappe.set_user(user)
		frappe.local.session.data = frappe._dict()
		set_request(path, method)
		frappe.local.form_dict = frappe._dict()
		guard.before_request()

	def test_a_portal_session_gets_a_token_on_its_first_request(self):
		user = make_user("csrf@portal-sec.example", "HEZO Customer")
		self.request_as(user, "GET", "/hezo")
		self.assertTrue(frappe.session.data.get("csrf_token"))

	def test_a_post_before_the_session_has_a_token_is_refused(self):
		user = make_user("csrf@portal-sec.example", "HEZO Customer")
		with self.assertRaises(frappe.CSRFTokenError):
			self.request_as(user, "POST")
		self.assertTrue(frappe.session.data.get("csrf_token"))  # the next page carries it
		self.request_as(user, "POST", "/api/method/login")  # logging in needs none

	def test_desk_sessions_keep_frappes_behaviour(self):
		self.request_as("Administrator", "POST", "/api/method/frappe.client.get_count")
		self.assertFalse(frappe.session.data.get("csrf_token"))


def pdf_with_hidden_script() -> bytes:
	"""A well-formed PDF whose OpenAction runs JavaScript under names written with #-escapes
	(/Java#53cript, /J#53): the raw bytes hold neither "/JavaScript" nor "/JS"."""
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>",
		b"<< /Type /Pages /Kids [] /Count 0 >>",
		b"<< /S /Java#53cript /J#53 (app.alert(1)) >>",
	]
	out = io.BytesIO()
	out.write(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, start=1):
		offsets.append(out.tell())
		out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
	xref = out.tell()
	out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
	for offset in offsets:
		out.write(b"%010d 00000 n \n" % offset)
	out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
	return out.getvalue()


class TestUploads(FrappeTestCase):
	def test_active_pdfs(self):
		from pypdf import PdfWriter

		plain = io.BytesIO()
		writer = PdfWriter()
		writer.add_blank_page(72, 72)
		writer.write(plain)
		self.assertFalse(pdf_is_active(plain.getvalue()))
		hidden = pdf_with_hidden_script()
		self.assertNotIn(b"/JS", hidden)
		self.assertTrue(pdf_is_active(hidden))
		self.assertTrue(pdf_is_active(b"%PDF-1.4 /OpenAction << /S /JavaScript /JS (x) >>"))
		self.assertTrue(pdf_is_active(b"not a pdf at all"))


class TestEscaping(FrappeTestCase):
	def test_every_portal_template_escapes_by_default(self):
		"""Frappe renders website templates with autoescape off: each portal template turns it on for
		all it holds, and marks nothing safe (sanitised HTML comes as Markup from pages.py)."""
		self.assertGreater(len(PORTAL_TEMPLATES), 10)
		for path in PORTAL_TEMPLATES:
			text = path.read_text()
			body = re.sub(r"^\{#.*?#\}\s*", "", text, flags=re.S)
			if "{% extends" in body:
				self.assertRegex(body, r"\{% block page_content %\}\{% autoescape true %\}", path.name)
			else:
				self.assertTrue(body.startswith("{% autoescape true %}"), path.name)
			self.assertTrue(
				body.rstrip().endswith(("{% endautoescape %}", "{% endautoescape %}{% endblock %}")),
				path.name,
			)
			self.assertNotRegex(text, r"\|\s*safe|autoescape false|Markup\(", path.name)

	def test_a_page_escapes_a_json_quoted_value(self):
		payload = '"<img src=x onerror=alert(1)>"'
		html = frappe.render_template(
			"templates/includes/hezo_clock.html",
			{"c": {"key": payload, "label": payload, "state": "Running", "due": None, "remaining": None}},
		)
		self.assertNotIn("<img", html)
		self.assertIn("&lt;img", html)

	def test_print_formats_escape(self):
		for name in (
			"HEZO Delivery Note",
			"HEZO Return Instructions",
			"HEZO Work Order Report",
		):
			html = frappe.db.get_value("Print Format", name, "html")
			self.assertTrue(html.startswith("{% autoescape true %}"), name)
			self.assertNotIn('"&mdash;"', html)

	def test_escalation_notice_escapes_customer_words(self):
		from hezo_service.services.tickets.escalation_delivery import notice

		payload = "<img src=x onerror=alert(1)>"
		ticket = frappe._dict(name="HZ-T-X", subject=payload, status="New", sla_state="Running")
		row = frappe._dict(kind="Manual", reason=payload, notified="a@portal-sec.example")
		made = notice(row, ticket)
		self.assertIn("&lt;img", made.message)
		self.assertNotIn("<img", made.message)
