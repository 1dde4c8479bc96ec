"""ERPNext's own portal (/orders, /invoices, /quotations, /issues, /addresses, /projects, /me and the
list endpoints behind them) against real ERPNext records of two customers: a customer's user sees
nothing of the other customer. The request guard keeps those pages and methods closed to portal
accounts (docs/decisions.md, "Inside ERPNext: customers and partners"); behind the guard, ERPNext's own
scoping (Portal User rows) still shows a user nothing of another customer."""

from __future__ import annotations

import erpnext
import frappe
import frappe.www.list
from erpnext.controllers.website_list_for_contact import has_website_permission
from frappe.utils import add_days, nowdate, set_request
from frappe.website.serve import get_response

from hezo_service.security import guard
from hezo_service.services.billing.sales_invoices import billing_item
from hezo_service.services.portal.signup import grant
from hezo_service.tests.factories import HEZOTestCase, make_user
from hezo_service.tests.portal_fixtures import make_portal_users, make_world

PAGES = ("orders", "invoices", "quotations", "issues", "addresses", "projects")
LIST_DOCTYPES = ("Sales Order", "Sales Invoice", "Quotation", "Issue", "Address", "Project")
LIST_METHODS = (
	"frappe.www.list.get",
	"frappe.www.list.get_list_data",
	"frappe.www.list.get_context",
	"erpnext.controllers.website_list_for_contact.get_transaction_list",
	"erpnext.controllers.website_list_for_contact.get_list_context",
)
# a portal user who also holds ERPNext's own "Customer" role, as a Portal User row added on the desk's
# Customer form gives it: ERPNext's lists then show that customer's records
ERP_ROLE_USER = "erp.rola@portal-a.example"


def erpnext_records(customer: str, key: str) -> dict[str, str]:
	"""A submitted Sales Order, Sales Invoice and Quotation, an Issue, an Address and a Project of the
	customer, made the way ERPNext's own forms make them."""
	company, item = erpnext.get_default_company(), billing_item("Reactivation fee")
	line = {"item_code": item, "qty": 1, "rate": 100, "delivery_date": add_days(nowdate(), 7)}
	records = {}
	for doctype, fields in (
		("Sales Order", {"customer": customer, "delivery_date": add_days(nowdate(), 7)}),
		("Sales Invoice", {"customer": customer}),
		("Quotation", {"quotation_to": "Customer", "party_name": customer}),
	):
		doc = frappe.get_doc({"doctype": doctype, "company": company, "currency": "PLN", **fields})
		doc.append("items", line)
		doc.insert()
		doc.submit()
		records[doctype] = doc.name
	records["Issue"] = (
		frappe.get_doc({"doctype": "Issue", "subject": f"Zgłoszenie ERP {key}", "customer": customer})
		.insert()
		.name
	)
	records["Address"] = (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": f"Siedziba {key}",
				"address_line1": f"ul. Portalowa {key}",
				"city": "Kraków",
				"country": "Poland",
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		)
		.insert()
		.name
	)
	records["Project"] = (
		frappe.get_doc({"doctype": "Project", "project_name": f"Projekt ERP {key}", "customer": customer})
		.insert()
		.name
	)
	return records


def refused_by_guard(path: str, cmd: str | None = None) -> bool:
	frappe.local.session.data = frappe._dict(csrf_token="checked-by-frappe")
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(cmd=cmd) if cmd else frappe._dict()
	try:
		guard.before_request()
	except (guard.RefusedByGuard, guard.PageRefusedByGuard):
		return True
	finally:
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()
	return False


class TestERPNextPortal(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = make_portal_users()
		make_user(ERP_ROLE_USER, "HEZO Customer", "Customer")

	def setUp(self):
		super().setUp()
		self.world = make_world(self.freeze_time, "ERP")
		self.a, self.b = self.world["A"], self.world["B"]
		self.records = {key: erpnext_records(self.world[key].customer, key) for key in ("A", "B")}

	def tearDown(self):
		frappe.local.request = None
		super().tearDown()

	def b_secrets(self) -> list[str]:
		return [self.b.customer, *self.records["B"].values(), "Zgłoszenie ERP B", "Projekt ERP B"]

	def test_guard_closes_erpnext_portal_pages_and_list_methods(self):
		frappe.set_user(self.a.user)
		paths = [f"/{page}" for page in PAGES]
		for doctype, page in (
			("Sales Order", "orders"),
			("Sales Invoice", "invoices"),
			("Quotation", "quotations"),
			("Issue", "issues"),
			("Project", "projects"),
		):
			paths += [f"/{page}/{self.records['B'][doctype]}", f"/{page}/{self.records['A'][doctype]}"]
		paths += [f"/addresses?name={self.records['B']['Address']}", "/project", "/list", "/printview"]
		for path in paths:
			with self.subTest(path=path):
				self.assertTrue(refused_by_guard(path), path)
		for method in LIST_METHODS:
			for path, cmd in ((f"/api/method/{method}", None), ("/", method)):
				with self.subTest(method=method, path=path):
					self.assertTrue(refused_by_guard(path, cmd))
		self.assertFalse(refused_by_guard("/me"))  # the account page stays (see below)

	def test_me_page_shows_nothing_of_the_other_customer(self):
		frappe.set_user(self.a.user)
		set_request(method="GET", path="/me")
		frappe.local.form_dict = frappe._dict()
		try:
			response = get_response("me")
		finally:
			frappe.local.request = None
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		for secret in self.b_secrets():
			self.assertNotIn(secret, html)

	def list_names(self, doctype: str) -> set[str]:
		"""What ERPNext's list endpoint (`frappe.www.list.get_list_data`, behind /orders, /invoices ...)
		answers the current user, or nothing when it refuses."""
		frappe.local.form_dict = frappe._dict()
		try:
			rows = frappe.www.list.get_list_data(doctype, limit=100)
		except frappe.PermissionError:
			return set()
		return {row.name for row in rows}

	def test_behind_the_guard_erpnext_lists_show_nothing_of_the_other_customer(self):
		# the portal's own users (no ERPNext role): ERPNext's lists give them nothing at all
		frappe.set_user(self.a.user)
		for doctype in LIST_DOCTYPES:
			with self.subTest(user="portal", doctype=doctype):
				self.assertFalse(self.list_names(doctype) & set(self.b_secrets()))
		for doctype in ("Sales Order", "Sales Invoice", "Quotation"):
			self.assertEqual(self.list_names(doctype), set())
		# with ERPNext's "Customer" role, its lists follow the same Portal User rows: A's, never B's
		frappe.set_user("Administrator")
		grant(ERP_ROLE_USER, self.a.customer, self.a.contract, self.a.serial)
		frappe.set_user(ERP_ROLE_USER)
		for doctype in ("Sales Order", "Sales Invoice", "Quotation"):
			with self.subTest(user="erpnext role", doctype=doctype):
				names = self.list_names(doctype)
				self.assertIn(self.records["A"][doctype], names)
				self.assertNotIn(self.records["B"][doctype], names)
				b_doc = frappe.get_doc(doctype, self.records["B"][doctype])
				self.assertFalse(has_website_permission(b_doc, "read", ERP_ROLE_USER))
		for doctype in ("Issue", "Address", "Project"):
			with self.subTest(user="erpnext role", doctype=doctype):
				self.assertFalse(self.list_names(doctype) & set(self.b_secrets()))
		self.assertEqual(self.list_names("Sales Invoice"), {self.records["A"]["Sales Invoice"]})
