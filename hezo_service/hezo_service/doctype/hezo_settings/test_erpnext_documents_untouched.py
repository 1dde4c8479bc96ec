"""Every hook hezo_service adds to ERPNext's documents leaves a document that has nothing to do with the
service desk (no HEZO item, contract, customer or warehouse) exactly as ERPNext would: each hook of
hooks.py's doc_events, called on such a document at the point ERPNext calls it, changes none of its
fields, writes nothing and says nothing; the document's whole flow (insert, submit, cancel, amend)
goes through. The permission hooks on Customer and Serial No have no opinion for anyone but the
portal's own users."""

from __future__ import annotations

import copy

import erpnext
import frappe
from frappe.utils import add_days, getdate

from hezo_service.hezo_service.doctype.hezo_contract.test_contracts_from_sales import stores
from hezo_service.services.contracts.devices import stock_default
from hezo_service.services.portal import scope
from hezo_service.tests.factories import HEZOTestCase, make_user

ITEM, SERIAL_ITEM = "ERP-PLAIN-WIDGET", "ERP-PLAIN-SERIAL"
WRITES = ("insert", "update", "delete", "replace")
# the app's own fields may be set on any document (a derived value, never ERPNext's data)
OURS = "hezo_"


def company() -> str:
	return erpnext.get_default_company()


def a_leaf(doctype: str) -> str:
	return frappe.get_all(doctype, filters={"is_group": 0}, pluck="name", limit=1)[0]


def plain_item(code: str, serialised: bool = False) -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_group": a_leaf("Item Group"),
				"stock_uom": stock_default("stock_uom"),
				"is_stock_item": 1,
				"has_serial_no": int(serialised),
				"valuation_rate": 10,
				"standard_rate": 20,
			}
		).insert(ignore_permissions=True)
	return code


def plain_customer() -> str:
	name = "ERP Plain Customer Ltd"
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{"doctype": "Customer", "customer_name": name, "customer_group": a_leaf("Customer Group")}
		).insert(ignore_permissions=True)
	return name


def plain_supplier() -> str:
	name = "ERP Plain Supplier Ltd"
	if not frappe.db.exists("Supplier", name):
		frappe.get_doc(
			{"doctype": "Supplier", "supplier_name": name, "supplier_group": a_leaf("Supplier Group")}
		).insert(ignore_permissions=True)
	return name


def theirs(doc) -> dict:
	"""The document as ERPNext holds it (every field but the app's own), children included."""

	def strip(value):
		if isinstance(value, dict):
			return {k: strip(v) for k, v in value.items() if not k.startswith(OURS)}
		if isinstance(value, list):
			return [strip(v) for v in value]
		return value

	return strip(copy.deepcopy(doc.as_dict()))


class Writes:
	"""The writing statements sent through `frappe.db.sql` (every write of Frappe's ORM goes there)."""

	def __enter__(self):
		self.statements: list[str] = []
		self.original = frappe.db.sql

		def watched(query, *args, **kwargs):
			if str(query).lstrip().split(" ", 1)[0].lower() in WRITES:
				self.statements.append(" ".join(str(query).split())[:100])
			return self.original(query, *args, **kwargs)

		frappe.db.sql = watched
		return self

	def __exit__(self, *exc):
		frappe.db.sql = self.original


class TestERPNextDocumentsUntouched(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.sales_user = make_user("handlowiec@erp-plain.example", "Sales User")
		cls.stock_user = make_user("magazynier@erp-plain.example", "Stock User")
		# a customer's user of ERPNext's own portal (its "Customer" role), not the desk's portal
		cls.erp_portal_user = make_user("zakupy@erp-plain.example", "Customer")

	def setUp(self):
		super().setUp()
		self.checked: set[tuple[str, str]] = set()

	def assert_untouched(self, doc, *events: str) -> None:
		"""Our hooks for these events, called on the document as ERPNext would call them."""
		hooks = frappe.get_hooks("doc_events", app_name="hezo_service").get(doc.doctype, {})
		for event in events:
			for path in hooks.get(event, []):
				with self.subTest(doctype=doc.doctype, hook=path):
					before, messages = theirs(doc), len(frappe.local.message_log or [])
					with Writes() as writes:
						frappe.get_attr(path)(doc, event)
					self.assertEqual(theirs(doc), before)
					self.assertEqual(writes.statements, [])
					self.assertEqual(len(frappe.local.message_log or []), messages)
				self.checked.add((doc.doctype, event))

	def assert_every_hook_checked(self, doctype: str) -> None:
		hooks = frappe.get_hooks("doc_events", app_name="hezo_service").get(doctype, {})
		self.assertEqual({(doctype, e) for e in hooks}, {c for c in self.checked if c[0] == doctype})

	def receipt(self, item: str = ITEM, qty: int = 5, serials: list[str] | None = None):
		entry = frappe.new_doc("Stock Entry")
		entry.update({"purpose": "Material Receipt", "company": company()})
		entry.set_stock_entry_type()
		row = {"item_code": item, "t_warehouse": stores(), "qty": qty, "basic_rate": 10}
		if serials:
			row.update({"serial_no": "\n".join(serials), "use_serial_batch_fields": 1})
		entry.append("items", row)
		return entry

	def test_stock_entry(self):
		plain_item(SERIAL_ITEM, serialised=True)
		entry = self.receipt(SERIAL_ITEM, 2, ["ERP-PLAIN-S1", "ERP-PLAIN-S2"])
		self.assert_untouched(entry, "validate")
		entry.insert()
		entry.submit()
		self.assert_untouched(entry, "on_submit")
		# a transfer of the serials out of the same (non-spare) warehouse
		move = frappe.new_doc("Stock Entry")
		move.update({"purpose": "Material Issue", "company": company()})
		move.set_stock_entry_type()
		move.append(
			"items",
			{
				"item_code": SERIAL_ITEM,
				"s_warehouse": stores(),
				"qty": 1,
				"serial_no": "ERP-PLAIN-S1",
				"use_serial_batch_fields": 1,
			},
		)
		self.assert_untouched(move, "validate")
		move.insert()
		move.submit()
		move.cancel()
		self.assert_untouched(move, "on_cancel")
		self.assert_every_hook_checked("Stock Entry")

	def test_delivery_note(self):
		plain_item(ITEM)
		self.receipt().insert().submit()
		note = frappe.new_doc("Delivery Note")
		note.update({"customer": plain_customer(), "company": company()})
		note.append("items", {"item_code": ITEM, "qty": 2, "rate": 20, "warehouse": stores()})
		note.set_missing_values()
		self.assert_untouched(note, "validate")
		note.insert()
		note.submit()
		self.assert_untouched(note, "on_submit")
		note.cancel()
		self.assert_untouched(note, "on_cancel")
		self.assert_every_hook_checked("Delivery Note")

	def test_purchase_receipt(self):
		plain_item(ITEM)
		receipt = frappe.new_doc("Purchase Receipt")
		receipt.update({"supplier": plain_supplier(), "company": company()})
		receipt.append("items", {"item_code": ITEM, "qty": 3, "rate": 10, "warehouse": stores()})
		receipt.insert()
		receipt.submit()
		self.assert_untouched(receipt, "on_submit")
		receipt.cancel()
		self.assert_untouched(receipt, "on_cancel")
		self.assert_every_hook_checked("Purchase Receipt")

	def test_sales_order(self):
		plain_item(ITEM)
		order = frappe.new_doc("Sales Order")
		order.update(
			{
				"customer": plain_customer(),
				"company": company(),
				"transaction_date": getdate(),
				"delivery_date": add_days(getdate(), 7),
			}
		)
		order.append(
			"items",
			{
				"item_code": ITEM,
				"qty": 1,
				"rate": 20,
				"warehouse": stores(),
				"delivery_date": order.delivery_date,
			},
		)
		order.insert()
		self.assert_untouched(order, "before_submit")
		order.submit()
		self.assert_untouched(order, "on_submit")
		order.reload()
		order.cancel()
		self.assert_untouched(order, "on_cancel")
		self.assert_every_hook_checked("Sales Order")

	def test_sales_invoice_and_its_amendment(self):
		plain_item(ITEM)
		invoice = frappe.new_doc("Sales Invoice")
		invoice.update(
			{"customer": plain_customer(), "company": company(), "due_date": add_days(getdate(), 14)}
		)
		invoice.append("items", {"item_code": ITEM, "qty": 1, "rate": 20})
		self.assert_untouched(invoice, "before_insert")
		invoice.insert()
		invoice.submit()
		invoice.cancel()
		amended = frappe.copy_doc(invoice)
		amended.update({"amended_from": invoice.name, "docstatus": 0})
		self.assert_untouched(amended, "before_insert")
		amended.insert()
		self.assert_every_hook_checked("Sales Invoice")

	def test_communication(self):
		customer = plain_customer()
		communication = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"subject": "Order question",
				"content": "When does my order ship?",
				"reference_doctype": "Customer",
				"reference_name": customer,
			}
		).insert(ignore_permissions=True)
		self.assert_untouched(communication, "after_insert")
		self.assert_every_hook_checked("Communication")

	def test_user(self):
		for roles in (["Sales User"], ["Customer"], []):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": "nowy@erp-plain.example",
					"first_name": "Nowy",
					"user_type": "System User" if roles == ["Sales User"] else "Website User",
					"roles": [{"role": r} for r in roles],
				}
			)
			self.assert_untouched(user, "before_insert")
		self.assert_every_hook_checked("User")

	def test_customer(self):
		"""A customer of ERPNext's own portal: its portal user gets ERPNext's role and nothing of ours."""
		doc = frappe.get_doc("Customer", plain_customer())
		doc.append("portal_users", {"user": self.erp_portal_user})
		self.assert_untouched(doc, "validate")
		doc.save()
		self.assert_untouched(doc, "on_update")
		# Frappe made the user a Contact; the desk's hook would have linked it to the customer
		self.assertFalse(
			frappe.db.exists(
				"Dynamic Link", {"parenttype": "Contact", "link_doctype": "Customer", "link_name": doc.name}
			)
		)
		self.assert_every_hook_checked("Customer")

	def test_permission_hooks_on_customer_and_serial_no_have_no_opinion_for_erpnext_users(self):
		plain_item(SERIAL_ITEM, serialised=True)
		self.receipt(SERIAL_ITEM, 1, ["ERP-PLAIN-S3"]).insert().submit()
		customer = frappe.get_doc("Customer", plain_customer())
		serial = frappe.get_doc("Serial No", "ERP-PLAIN-S3")
		for user in ("Administrator", self.sales_user, self.stock_user, self.erp_portal_user):
			for ptype in ("read", "write", "create", "delete", "print"):
				with self.subTest(user=user, ptype=ptype):
					self.assertIsNone(scope.has_permission(customer, ptype, user=user))
					self.assertIsNone(scope.has_permission(serial, ptype, user=user))
			self.assertEqual(scope.customer_query(user), "")
			self.assertEqual(scope.device_query(user), "")
		hooks = frappe.get_hooks(app_name="hezo_service")
		for doctype in ("Customer", "Serial No"):
			self.assertEqual(
				frappe.get_attr(hooks["has_permission"][doctype][0]), scope.has_permission, doctype
			)
		self.assertEqual(
			frappe.get_attr(hooks["permission_query_conditions"]["Customer"][0]), scope.customer_query
		)
		self.assertEqual(
			frappe.get_attr(hooks["permission_query_conditions"]["Serial No"][0]), scope.device_query
		)
