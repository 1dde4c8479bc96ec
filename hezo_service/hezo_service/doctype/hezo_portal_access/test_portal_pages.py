"""The portal's pages are light and the same whatever the customer has: each weighs at most 30 KB
of HTML with nothing of Frappe's website shell, compiles no template once warm, sends the same
statements for 1 or 22 open tickets (lists come a page at a time), and never serves one customer's
page to another (two signed-in customers, pages rendered in turns through the same process).
Requests go through Frappe's own website routing in-process, on the test's transaction."""

from __future__ import annotations

import frappe
import jinja2
import pymysql.cursors
from frappe.utils import set_request
from frappe.website.serve import get_response

from hezo_service.services.portal import templating, translations
from hezo_service.services.portal.paging import PAGE_SIZE
from hezo_service.tests.factories import make_contract, make_device, make_rma, make_ticket
from hezo_service.tests.portal_fixtures import PortalWorldTestCase

MAX_BYTES = 30 * 1024
SHELL = ("frappe.boot", "<svg", "Powered by ERPNext", "newsletter", "website.bundle", "<style")


def request(path: str, **query):
	"""A GET through Frappe's website routing as the current user: the response."""
	set_request(method="GET", path=path, query_string=query)
	frappe.local.form_dict = frappe._dict(query)
	frappe.local.response = frappe._dict({"docs": []})
	try:
		return get_response(path)
	finally:
		frappe.local.request = None


class Counted:
	"""Jinja compilations and SQL statements while active."""

	def __enter__(self):
		self.compilations = self.statements = 0
		self._compile, self._execute = jinja2.Environment.compile, pymysql.cursors.Cursor.execute
		counted = self

		def compile_(env, *args, **kwargs):
			counted.compilations += 1
			return counted._compile(env, *args, **kwargs)

		def execute(cursor, *args, **kwargs):
			counted.statements += 1
			return counted._execute(cursor, *args, **kwargs)

		jinja2.Environment.compile, pymysql.cursors.Cursor.execute = compile_, execute
		return self

	def __exit__(self, *exc):
		jinja2.Environment.compile, pymysql.cursors.Cursor.execute = self._compile, self._execute


class TestPortalPages(PortalWorldTestCase):
	prefix = "PGS"

	def setUp(self):
		super().setUp()
		for w in self.world.values():
			w.rma = self.make_rma(w.ticket)

	def make_rma(self, ticket_name: str) -> str:
		with self.freeze_time("2026-03-10 11:00:00"):
			ticket = frappe.get_doc("HEZO Ticket", ticket_name)
			ticket.status = "Verification"
			ticket.save()
			ticket.interview_done = ticket.tests_done = 1
			ticket.status = "Confirmed"
			ticket.save()
			return make_rma(ticket.name, replacement_source="Manufacturer hub").name

	def pages_of(self, key: str) -> dict[str, tuple[str, dict]]:
		w = self.world[key]
		return {
			"dashboard": ("hezo", {}),
			"ticket": ("hezo/ticket", {"name": w.ticket}),
			"device": ("hezo/device", {"serial": w.serial}),
			"rma": ("hezo/rma", {"name": w.rma}),
			"new_ticket": ("hezo/new_ticket", {}),
			"link": ("hezo/link", {}),
			"ticket history": ("hezo/tickets", {}),
			"documents": ("hezo/documents", {}),
		}

	def as_user(self, key: str) -> None:
		frappe.set_user(self.users[key])
		frappe.local.session.data = frappe._dict(csrf_token=f"token-of-{key}")  # as the guard gives it
		frappe.local.lang = "pl"

	def test_every_page_is_light_and_none_of_frappes_shell(self):
		self.as_user("A")
		pages = [*self.pages_of("A").items()]
		for name, (path, query) in pages:
			with self.subTest(page=name):
				response = request(path, **query)
				self.assertEqual(response.status_code, 200)
				html = response.get_data(as_text=True)
				self.assertLessEqual(len(response.get_data()), MAX_BYTES)
				for part in SHELL:
					self.assertNotIn(part, html)
				self.assertIn(
					'frappe.csrf_token = "token-of-A";', html
				)  # what the portal's script posts with
				self.assertIn(templating.asset_url("js/hezo_portal.js"), html)
		frappe.set_user("Guest")
		response = request("hezo/signup")
		self.assertEqual(response.status_code, 200)
		self.assertLessEqual(len(response.get_data()), MAX_BYTES)
		self.assertNotIn("<svg", response.get_data(as_text=True))
		self.assertEqual(response.headers["Cache-Control"], "private, no-cache")

	def test_portal_routes_skip_the_dynamic_route_map_and_others_resolve_as_before(self):
		"""A portal route is its own endpoint without Frappe's per-request map of every app's route
		rules; any other path (ERPNext's dynamic /orders/<name>, a doctype's web view, /login, /app) gets
		the endpoint Frappe's own resolver gives it."""
		from frappe.website import path_resolver

		from hezo_service.services.portal.renderer import resolve_path

		built = []
		rules = path_resolver.get_website_rules
		path_resolver.get_website_rules = lambda: built.append(1) or rules()
		try:
			set_request(method="GET", path="/hezo/ticket")
			self.assertEqual(resolve_path("hezo/ticket"), "hezo/ticket")
			self.assertEqual(resolve_path("hezo"), "hezo")
			self.assertEqual(built, [])
			for path in ("orders/SAL-ORD-2026-00001", "login", "app", "hezo/no_such_page", "contact"):
				with self.subTest(path=path):
					set_request(method="GET", path=f"/{path}")
					self.assertEqual(resolve_path(path), path_resolver.resolve_path(path))
			self.assertTrue(built)
			self.assertEqual(resolve_path("orders/SAL-ORD-2026-00001"), "order")
		finally:
			path_resolver.get_website_rules = rules

	def test_two_customers_never_see_each_others_pages(self):
		"""Each page in turns for A and B through the same process (its compiled templates and
		caches): every answer has its own customer's records, none of the other's, and is never
		stored by a shared cache."""
		marks = {k: (w.ticket, w.serial, w.contract, w.rma, w.customer) for k, w in self.world.items()}
		for _round in range(2):
			for me, other in (("A", "B"), ("B", "A")):
				self.as_user(me)
				for name, (path, query) in self.pages_of(me).items():
					with self.subTest(user=me, page=name):
						response = request(path, **query)
						html = response.get_data(as_text=True)
						self.assertEqual(response.status_code, 200)
						self.assertEqual(response.headers["Cache-Control"], "private, no-store")
						self.assertNotEqual(response.headers.get("X-From-Cache"), "True")
						for mark in (*marks[other], f"token-of-{other}"):
							self.assertNotIn(mark, html)
						if name == "dashboard":
							for mark in marks[me][:3]:
								self.assertIn(mark, html)

	def test_a_warm_page_compiles_no_template(self):
		self.as_user("A")
		for name, (path, query) in self.pages_of("A").items():
			request(path, **query)
			with self.subTest(page=name), Counted() as counted:
				request(path, **query)
			self.assertEqual(counted.compilations, 0, name)

	def test_statements_and_weight_do_not_grow_with_open_tickets(self):
		self.as_user("A")
		before = self.measured("A")
		frappe.set_user("Administrator")
		for _ in range(PAGE_SIZE + 2):
			make_ticket(self.world["A"].serial, self.world["A"].contract, "Non-critical")
		self.as_user("A")
		after = self.measured("A")
		for name in before:
			with self.subTest(page=name):
				self.assertEqual(after[name][0], before[name][0], name)  # statements
		html = request("hezo").get_data(as_text=True)
		self.assertEqual(html.count('<tr data-ticket="'), PAGE_SIZE)
		self.assertIn("tickets_page=2", html)
		page_2 = request("hezo", tickets_page="2").get_data(as_text=True)
		self.assertEqual(page_2.count('<tr data-ticket="'), 3)  # the world's own ticket and two more
		self.assertIn("tickets_page=1", page_2)
		self.assertLessEqual(len(html.encode()), MAX_BYTES)

	def test_statements_do_not_grow_with_contracts_and_their_quotas(self):
		"""The dashboard's contract list reads every contract's quota usage at once, not per row."""
		self.as_user("A")
		before = self.measured("A")["dashboard"][0]
		frappe.set_user("Administrator")
		w = self.world["A"]
		for n in range(PAGE_SIZE):
			device = make_device(f"{self.prefix}AQ{n:03d}", w.customer)
			make_contract(f"HZ-{self.prefix}-AQ{n:03d}", w.customer, "HEZO-360", [device])
		self.as_user("A")
		html = request("hezo").get_data(as_text=True)
		self.assertEqual(html.count('<td class="hz-quotas">'), PAGE_SIZE)
		self.assertEqual(self.measured("A")["dashboard"][0], before)

	def test_translations_are_kept_per_process_and_never_stale(self):
		from frappe.translate import MERGED_TRANSLATION_KEY
		from frappe.translate import clear_cache as clear_translations

		key = frappe.cache.make_key(MERGED_TRANSLATION_KEY)
		self.as_user("A")
		self.assertIn("Otwarte zgłoszenia", request("hezo", _lang="pl").get_data(as_text=True))
		held = translations._held["pl"][1]
		frappe.local.cache = {}  # the next request's own cache
		request("hezo", _lang="pl")
		# the process's dictionary, not unpickled again
		self.assertTrue(frappe.local.cache[key]["pl"] is held)
		# a translation changed in the desk is on the next page
		self.addCleanup(clear_translations)  # after the rollback: Redis keeps what the test merged
		frappe.get_doc(
			{
				"doctype": "Translation",
				"language": "pl",
				"source_text": "Open tickets",
				"translated_text": "Otwarte sprawy (zmienione)",
			}
		).insert(ignore_permissions=True)
		frappe.local.cache = {}
		self.assertIn("Otwarte sprawy (zmienione)", request("hezo", _lang="pl").get_data(as_text=True))
		# the request after that finds the new bytes and keeps the new dictionary for the process
		frappe.local.cache = {}
		request("hezo", _lang="pl")
		self.assertEqual(translations._held["pl"][1].get("Open tickets"), "Otwarte sprawy (zmienione)")

	def measured(self, key: str) -> dict[str, tuple[int, int]]:
		result = {}
		for name in ("dashboard", "device"):
			path, query = self.pages_of(key)[name]
			request(path, **query)
			with Counted() as counted:
				size = len(request(path, **query).get_data())
			result[name] = (counted.statements, size)
		return result

	def test_the_portal_environment_escapes(self):
		env = templating.environment()
		self.assertTrue(env.autoescape)
		html = env.from_string("{{ value }}").render(value="<img src=x onerror=alert(1)>")
		self.assertEqual(html, "&lt;img src=x onerror=alert(1)&gt;")
