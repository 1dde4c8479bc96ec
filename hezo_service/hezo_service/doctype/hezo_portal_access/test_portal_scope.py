"""The portal scope reads "the user's customers" from ERPNext's Portal User rows of Customer, once per
request: the permission hooks make the same number of SQL statements for one document or fifty."""

from __future__ import annotations

from functools import partial

import frappe
import frappe.auth

from hezo_service.services.portal import scope
from hezo_service.tests.factories import CountedSQL, HEZOTestCase, make_user
from hezo_service.tests.portal_fixtures import make_portal_users, make_world


def docs(doctype: str, field: str, value: str, n: int) -> list:
	"""n unsaved documents naming `value` in `field`: what a permission check of a list sees."""
	return [
		frappe.get_doc({"doctype": doctype, "name": f"SCP-{i}", "owner": "Administrator", field: value})
		for i in range(n)
	]


def log_in(user: str) -> None:
	"""Every app's `on_session_creation` hook, as Frappe runs them when the user logs in."""
	frappe.set_user(user)
	login = frappe.auth.LoginManager.__new__(frappe.auth.LoginManager)
	login.user = user
	login.run_trigger("on_session_creation")
	frappe.set_user("Administrator")


class TestPortalScope(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = make_portal_users()
		# a desk user who also holds the portal role: not narrowed
		cls.desk = make_user("sprzedaz@scope.example", "Sales Manager", "HEZO Customer")
		# a portal user the desk adds on Customer forms: it holds ERPNext's "Customer" role already (the
		# form gives it; a User saved inside the test would end its savepoint)
		cls.linked = make_user("dodany@scope.example", "HEZO Customer", "Customer")
		cls.nobodys = make_user("niczyj@scope.example", "HEZO Customer", "Customer")

	def setUp(self):
		super().setUp()
		self.world = make_world(self.freeze_time, "SCP")
		self.a, self.b = self.world["A"], self.world["B"]

	def test_customers_come_from_portal_user_rows(self):
		self.assertEqual(scope.customers_of(self.a.user), [self.a.customer])
		self.assertEqual(scope.customers_of(self.linked), [])
		# the desk adds a user to B's Customer form (ERPNext's "Customer Portal Users" table)
		customer = frappe.get_doc("Customer", self.b.customer)
		customer.append("portal_users", {"user": self.linked})
		customer.save()
		self.assertEqual(scope.customers_of(self.linked), [self.b.customer])
		frappe.set_user(self.linked)
		self.assertTrue(frappe.has_permission("HEZO Contract", "read", doc=self.b.contract))
		self.assertFalse(frappe.has_permission("HEZO Contract", "read", doc=self.a.contract))
		frappe.set_user("Administrator")
		# ... and removes it again: access ends, HEZO Portal Access (the sign-up record) does not matter
		customer.reload()
		customer.portal_users = [r for r in customer.portal_users if r.user != self.linked]
		customer.save()
		frappe.get_doc(
			{"doctype": "HEZO Portal Access", "user": self.linked, "customer": self.b.customer}
		).insert(ignore_permissions=True)
		frappe.set_user(self.linked)
		self.assertFalse(frappe.has_permission("HEZO Contract", "read", doc=self.b.contract))
		self.assertNotIn(self.b.contract, frappe.get_list("HEZO Contract", pluck="name"))

	def test_a_portal_user_added_on_the_desk_is_a_contact_and_gets_no_customer_at_login(self):
		"""ERPNext gives a user added on the Customer form its "Customer" role; with Portal Settings'
		default role "Customer" its login hook would make a Customer for a user who is nobody's contact."""
		frappe.db.set_single_value("Portal Settings", "default_role", "Customer")
		customer = frappe.get_doc("Customer", self.b.customer)
		customer.append("portal_users", {"user": self.linked})
		customer.save()
		contact = frappe.db.get_value("Contact", {"email_id": self.linked})
		self.assertTrue(frappe.get_doc("Contact", contact).has_link("Customer", self.b.customer))
		customers = frappe.db.count("Customer")
		log_in(self.linked)
		self.assertEqual(frappe.db.count("Customer"), customers)
		# the same role without a contact: ERPNext's hook makes a Customer of its own
		log_in(self.nobodys)
		self.assertEqual(frappe.db.count("Customer"), customers + 1)
		# saving again adds no second contact
		customer.reload()
		customer.save()
		self.assertEqual(frappe.db.count("Contact", {"email_id": self.linked}), 1)

	def test_desk_users_are_not_narrowed_on_customer(self):
		"""The hooks on ERPNext's Customer answer "no opinion" for desk users, whatever their roles."""
		doc = frappe.get_doc("Customer", self.b.customer)
		for user in ("Administrator", self.desk):
			self.assertIsNone(scope.has_permission(doc, "write", user=user))
			self.assertEqual(scope.customer_query(user), "")
		self.assertEqual(
			scope.customer_query(self.a.user),
			f"`tabCustomer`.`name` in ({frappe.db.escape(self.a.customer)})",
		)
		self.assertFalse(scope.has_permission(doc, "read", user=self.a.user))
		self.assertTrue(
			scope.has_permission(frappe.get_doc("Customer", self.a.customer), "read", user=self.a.user)
		)

	def statements(self, check, docs: list) -> tuple[int, list]:
		"""Statements for checking read permission on `docs` as A's user, in a fresh request."""
		frappe.set_user(self.a.user)
		scope.forget_customers_of()
		check(docs[0])  # warm Frappe's own caches (roles, meta)
		scope.forget_customers_of()
		with CountedSQL() as counted:
			results = [check(doc) for doc in docs]
		frappe.set_user("Administrator")
		return counted.count, results

	def test_permission_hooks_query_once_whatever_the_number_of_documents(self):
		for doctype, field, mine, theirs in (
			("HEZO Contract", "customer", self.a.customer, self.b.customer),
			("HEZO Ticket", "customer", self.a.customer, self.b.customer),
			("HEZO RMA", "customer", self.a.customer, self.b.customer),
			("HEZO Work Order", "customer", self.a.customer, self.b.customer),
			("HEZO Delivery Proposal", "ticket", self.a.ticket, self.b.ticket),
		):
			with self.subTest(doctype=doctype, whose="own, through Frappe's has_permission"):
				check = partial(frappe.has_permission, doctype, "read")  # (doc) -> bool
				one, allowed = self.statements(check, docs(doctype, field, mine, 1))
				fifty, allowed_50 = self.statements(check, docs(doctype, field, mine, 50))
				self.assertEqual(one, fifty)
				self.assertLessEqual(fifty, 2)  # the Portal User rows (and, for proposals, the tickets)
				self.assertEqual(set(allowed + allowed_50), {True})
			with self.subTest(doctype=doctype, whose="another customer's, the hook itself"):
				# (Frappe itself then looks for a DocShare of each refused document)
				hook = partial(scope.has_permission, ptype="read", user=self.a.user)
				one, refused = self.statements(hook, docs(doctype, field, theirs, 1))
				fifty, refused_50 = self.statements(hook, docs(doctype, field, theirs, 50))
				self.assertEqual(one, fifty)
				self.assertLessEqual(fifty, 2)
				self.assertEqual(set(refused + refused_50), {False})

	def test_list_query_conditions_query_once(self):
		frappe.set_user(self.a.user)
		scope.forget_customers_of()
		with CountedSQL() as counted:
			conditions = [scope.contract_query(self.a.user) for _ in range(50)]
		self.assertEqual(counted.count, 1)
		self.assertEqual(len(set(conditions)), 1)
