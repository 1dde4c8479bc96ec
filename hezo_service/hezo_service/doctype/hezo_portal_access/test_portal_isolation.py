"""Isolation matrix: two customers with their portal users; every DocType, portal page, endpoint
(/api/resource, /api/method) and file kind the other customer's user tries is denied (403/404),
never data. Requests go through Frappe's own routing (frappe.api.handle, the website renderer,
the private file handler) in-process, on the test's transaction."""

from __future__ import annotations

import json

import frappe
import frappe.api
from frappe.utils import set_request

from hezo_service.tests.portal_fixtures import PortalWorldTestCase, call_api, get_page

SCOPED_DOCS = {
	"HEZO Contract": "contract",
	"Serial No": "serial",
	"HEZO Ticket": "ticket",
}
# DocTypes a portal user never reads directly (their portal view goes through the scoped pages)
CLOSED = (
	"HEZO SLA Event",
	"HEZO Escalation",
	"HEZO Service Plan",
	"HEZO Calendar",
	# ERPNext's Customer (end customers and partners): the portal shows the user's own from the server
	"Customer",
	"Portal User",
	"HEZO Settings",
	"HEZO Portal Access",
	"HEZO Signup Attempt",
	"Communication",
)


class TestPortalIsolation(PortalWorldTestCase):
	def as_user(self, key):
		frappe.set_user(self.users[key])

	def test_documents_own_readable_other_denied(self):
		for me, other in (("A", "B"), ("B", "A")):
			self.as_user(me)
			for doctype, key in SCOPED_DOCS.items():
				with self.subTest(user=me, doctype=doctype):
					mine, theirs = self.world[me][key], self.world[other][key]
					self.assertTrue(frappe.has_permission(doctype, "read", doc=mine))
					self.assertFalse(frappe.has_permission(doctype, "read", doc=theirs))
					for ptype in ("write", "create", "delete"):
						self.assertFalse(frappe.has_permission(doctype, ptype, doc=mine))
					names = frappe.get_list(doctype, pluck="name", limit_page_length=0)
					self.assertIn(mine, names)
					self.assertNotIn(theirs, names)

	def test_api_resource_matrix(self):
		self.as_user("A")
		for doctype, key in SCOPED_DOCS.items():
			with self.subTest(doctype=doctype):
				status, body = call_api("GET", f"/api/resource/{doctype}/{self.a[key]}")
				self.assertEqual(status, 200)
				self.assertEqual(body["data"]["name"], self.a[key])
				status, body = call_api("GET", f"/api/resource/{doctype}/{self.b[key]}")
				self.assertIn(status, (403, 404))
				self.assertNotIn("data", body)
				status, body = call_api("GET", f"/api/resource/{doctype}", {"limit_page_length": 0})
				self.assertEqual(status, 200)
				names = {r["name"] for r in body["data"]}
				self.assertIn(self.a[key], names)
				self.assertNotIn(self.b[key], names)
				# writes: none, not even on their own records
				status, _body = call_api("PUT", f"/api/resource/{doctype}/{self.a[key]}", {"data": "{}"})
				self.assertIn(status, (403, 404, 417))
				status, _body = call_api("DELETE", f"/api/resource/{doctype}/{self.b[key]}")
				self.assertIn(status, (403, 404))
		for doctype in CLOSED:
			with self.subTest(doctype=doctype):
				status, body = call_api("GET", f"/api/resource/{doctype}", {"limit_page_length": 0})
				# refused, or (Communication: Frappe's own query conditions) an empty list
				self.assertTrue(status == 403 or (status == 200 and body["data"] == []), body)
		status, body = call_api(
			"POST",
			"/api/method/frappe.client.get_value",
			{"doctype": "HEZO Ticket", "filters": self.b["ticket"], "fieldname": "subject"},
		)
		self.assertFalse(body.get("message"))
		status, _body = call_api("GET", f"/api/resource/Communication/{self.b['communication']}")
		self.assertEqual(status, 403)
		status, _body = call_api("GET", f"/api/resource/File/{self.b['file']}")
		self.assertEqual(status, 403)

	def test_api_method_matrix(self):
		self.as_user("A")
		b_ticket = self.b["ticket"]
		denied = {
			"frappe.client.get": {"doctype": "HEZO Ticket", "name": b_ticket},
			"frappe.desk.form.load.getdoc": {"doctype": "HEZO Ticket", "name": b_ticket},
			"frappe.client.get_list": {"doctype": "HEZO Escalation"},
			"hezo_service.api.portal.reply": {"ticket": b_ticket, "message": "hello"},
			"hezo_service.api.portal.escalate": {"ticket": b_ticket, "reason": "slow"},
			"hezo_service.api.tickets.clocks": {"ticket": b_ticket},
			"hezo_service.api.tickets.escalate": {"ticket": b_ticket, "reason": "slow"},
			"hezo_service.api.tickets.log_contact": {"ticket": b_ticket},
			"hezo_service.api.tickets.accept_later_delivery": {
				"ticket": b_ticket,
				"delivery_at": "2030-01-01 10:00:00",
				"accepted_by": "me",
			},
			"hezo_service.api.portal.create_ticket": {
				"serial_no": self.b["serial"],
				"contract_no": self.b["contract"],
				"priority": "Critical",
				"subject": "forged",
			},
		}
		before = (
			frappe.db.count("HEZO Ticket"),
			frappe.db.count("Communication"),
			frappe.db.count("HEZO Escalation"),
		)
		for method, args in denied.items():
			with self.subTest(method=method):
				status, body = call_api("POST", f"/api/method/{method}", args)
				self.assertIn(status, (403, 404), body)
				self.assertNotIn(b_ticket, json.dumps(body.get("message") or ""))
		self.assertEqual(
			before,
			(
				frappe.db.count("HEZO Ticket"),
				frappe.db.count("Communication"),
				frappe.db.count("HEZO Escalation"),
			),
		)
		# list-style endpoints answer, but only with A's records
		for method, args in {
			"frappe.client.get_list": {"doctype": "HEZO Ticket", "limit_page_length": 0},
			"frappe.desk.reportview.get": {"doctype": "HEZO Ticket", "fields": '["name"]'},
			"frappe.desk.search.search_link": {"doctype": "HEZO Ticket", "txt": ""},
		}.items():
			with self.subTest(method=method):
				status, body = call_api("POST", f"/api/method/{method}", args)
				self.assertEqual(status, 200)
				text = json.dumps(body)
				self.assertIn(self.a["ticket"], text)
				self.assertNotIn(b_ticket, text)

	def test_pages_matrix(self):
		self.as_user("A")
		pages = {
			"hezo/device": ({"serial": self.a["serial"]}, {"serial": self.b["serial"]}),
			"hezo/ticket": ({"name": self.a["ticket"]}, {"name": self.b["ticket"]}),
		}
		for path, (mine, theirs) in pages.items():
			with self.subTest(page=path):
				status, html = get_page(path, **mine)
				self.assertEqual(status, 200, path)
				status, html = get_page(path, **theirs)
				self.assertIn(status, (403, 404))
				self.assertNotIn(self.b["customer"], html)
				self.assertNotIn("Down B", html)
		status, html = get_page("hezo")
		self.assertEqual(status, 200)
		self.assertIn(self.a["ticket"], html)
		self.assertIn(self.a["serial"], html)
		self.assertIn(self.a["contract"], html)
		for leak in (self.b["ticket"], self.b["serial"], self.b["contract"], "Portal B"):
			self.assertNotIn(leak, html)
		status, html = get_page("hezo/new_ticket")
		self.assertEqual(status, 200)
		self.assertIn(self.a["serial"], html)
		self.assertNotIn(self.b["serial"], html)
		status, html = get_page("hezo/ticket", name=self.a["ticket"])
		self.assertIn("private answer for A", html)
		self.assertIn("secret-A", html)
		self.assertNotIn("private answer for B", html)

	def test_guest_is_sent_to_login_and_sees_nothing(self):
		frappe.set_user("Guest")
		for path, query in (
			("hezo", {}),
			("hezo/ticket", {"name": self.a["ticket"]}),
			("hezo/device", {"serial": self.a["serial"]}),
		):
			with self.subTest(page=path):
				status, html = get_page(path, **query)
				self.assertIn(status, (301, 302, 303, 307, 403))
				self.assertNotIn("Down A", html)
		for doctype in SCOPED_DOCS:
			status, _body = call_api("GET", f"/api/resource/{doctype}")
			self.assertEqual(status, 403)

	def test_private_files_only_for_the_owner_customer(self):
		from frappe.utils.response import download_private_file
		from werkzeug.exceptions import Forbidden

		for me, other in (("A", "B"), ("B", "A")):
			self.as_user(me)
			set_request(method="GET", path=self.world[me]["file_url"])
			frappe.local.form_dict = frappe._dict()
			frappe.flags.read_only = True  # Frappe's access log commits on GET requests otherwise
			try:
				response = download_private_file(self.world[me]["file_url"])
			finally:
				frappe.flags.read_only = False
			self.assertEqual(response.status_code, 200)
			self.assertIn(f"secret log of {me}".encode(), b"".join(response.response))
			set_request(method="GET", path=self.world[other]["file_url"])
			with self.assertRaises(Forbidden):
				download_private_file(self.world[other]["file_url"])  # denied before the access log
			frappe.local.request = None
			self.assertFalse(frappe.has_permission("File", "read", doc=self.world[other]["file"]))

	def test_only_sign_up_is_open_to_guests(self):
		"""Every whitelisted function of the app: only the portal's two sign-ups (customer, partner) and
		the forgotten password allow guests."""
		import importlib
		import pkgutil

		import hezo_service.api

		open_to_guests = set()
		for module in pkgutil.iter_modules(hezo_service.api.__path__):
			mod = importlib.import_module(f"hezo_service.api.{module.name}")
			for name in dir(mod):
				fn = getattr(mod, name)
				if callable(fn) and fn in frappe.guest_methods:
					open_to_guests.add(f"{mod.__name__}.{name}")
		# the partners' sign-up (api/partner.py, the same budgets), and the forgotten password, which
		# answers for Frappe's own (api/accounts.py)
		self.assertEqual(
			open_to_guests,
			{
				"hezo_service.api.portal.sign_up",
				"hezo_service.api.partner.sign_up",
				"hezo_service.api.accounts.reset_password",
			},
		)
		self.assertTrue(frappe.db.get_single_value("Website Settings", "disable_signup"))
