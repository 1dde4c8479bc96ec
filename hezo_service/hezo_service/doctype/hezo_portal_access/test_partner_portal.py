"""The partners' portal: a partner's user sees only the contracts where its Customer is the partner
(their end customers, renewals with the fee the one renewal rule gives, open tickets' SLA state,
returns awaited, its own invoices), never a customer's correspondence or files; an end customer's
user sees nothing of the partner's; a user of both sees each in its own scope. A renewal request makes
one draft Quotation, and the sale made from it renews the contract by the one renewal path. Pages
and methods go through Frappe's routing in-process (the request guard's lists included)."""

from __future__ import annotations

import csv
import io

import frappe
from erpnext.selling.doctype.quotation.quotation import make_sales_order
from frappe.utils import add_days, today

from hezo_service.security.guard import allowed_methods
from hezo_service.services.billing import billable_lines
from hezo_service.services.contracts import lifecycle
from hezo_service.services.contracts.renewal_requests import RenewalRequestRefused, request_renewal
from hezo_service.services.portal import partner
from hezo_service.services.portal.scope import NotFoundInPortal, customers_of, partners_of
from hezo_service.tests.factories import HEZOTestCase
from hezo_service.tests.partner_fixtures import PARTNER_USERS, make_partner_users, make_partner_world
from hezo_service.tests.portal_fixtures import call_api, call_raw

MAX_BYTES = 30 * 1024
SHELL = ("frappe.boot", "<svg", "Powered by ERPNext", "website.bundle")
PAGES = ("hezo/partner", "hezo/partner_renewals", "hezo/partner_service", "hezo/partner_invoices")
API = "/api/method/hezo_service.api.partner"


def page(path: str, **query) -> tuple[int, str]:
	"""The page in English (the source strings the assertions read), whatever the user's setting."""
	from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_pages import request

	response = request(path, **{"_lang": "en", **query})
	return response.status_code, response.get_data(as_text=True)


class PartnerPortalTestCase(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = make_partner_users()

	def setUp(self):
		super().setUp()
		self.world = make_partner_world()
		self.p1, self.p2 = self.world["P1"], self.world["P2"]

	def as_user(self, key: str) -> None:
		frappe.set_user(PARTNER_USERS[key])
		frappe.local.session.data = frappe._dict(csrf_token=f"token-of-{key}")
		frappe.local.lang = "en"

	def marks(self, w) -> tuple[str, ...]:
		return (w.due, w.lapsed, w.later, w.customer, w.invoice, w.ticket)


class TestPartnerScope(PartnerPortalTestCase):
	def test_each_partner_sees_only_the_contracts_it_sold(self):
		for me, other in (("P1", "P2"), ("P2", "P1")):
			self.as_user(me)
			mine, theirs = self.world[me], self.world[other]
			for path in PAGES:
				with self.subTest(user=me, page=path):
					status, html = page(path)
					self.assertEqual(status, 200)
					for mark in self.marks(theirs):
						self.assertNotIn(mark, html)
			status, html = page("hezo/partner")
			for contract in (mine.due, mine.lapsed, mine.later):
				self.assertIn(f'data-contract="{contract}"', html)
			self.assertIn(mine.serials[0], html)  # its devices
			self.assertIn("Covered today", html)
			status, html = page("hezo/partner_invoices")
			self.assertIn(mine.invoice, html)

	def test_a_user_of_a_partner_only_lands_on_the_partner_pages(self):
		from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_pages import request

		self.as_user("P1")
		response = request("hezo")
		self.assertEqual(response.status_code, 302)
		self.assertTrue(response.headers["Location"].endswith("/hezo/partner"))

	def test_the_list_filters_and_the_csv_holds_the_partners_contracts_only(self):
		self.as_user("P1")
		status, html = page("hezo/partner", q=self.p1.due)
		self.assertIn(f'data-contract="{self.p1.due}"', html)
		self.assertNotIn(f'data-contract="{self.p1.later}"', html)
		status, html = page("hezo/partner", status="Lapsed")
		self.assertEqual(html.count("<tr data-contract="), 1)
		self.assertIn(self.p1.lapsed, html)
		status, html = page("hezo/partner", q=self.p1.nip)  # the customer's NIP
		self.assertEqual(html.count("<tr data-contract="), 3)
		status, body, _content_type = call_raw(f"{API}.contracts_csv", {})
		self.assertEqual(status, 200)
		rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
		self.assertEqual(rows[0][0], "contract")
		self.assertEqual(sorted(r[0] for r in rows[1:]), sorted([self.p1.due, self.p1.lapsed, self.p1.later]))
		self.assertNotIn(self.p2.due, body.decode())

	def test_a_spreadsheet_formula_is_not_exported_as_one(self):
		self.assertEqual(partner.cell("=HYPERLINK(1)"), "'=HYPERLINK(1)")
		self.assertEqual(partner.cell("ACME"), "ACME")

	def test_a_partner_sees_ticket_state_never_its_customers_correspondence_or_files(self):
		self.as_user("P1")
		status, html = page("hezo/partner_service")
		self.assertEqual(status, 200)
		self.assertIn(f'data-ticket="{self.p1.ticket}"', html)
		for secret in ("Secret subject", "secret description", "private answer", "partner-secret-"):
			self.assertNotIn(secret, html)
		# Frappe's own permission (pages, generic API, private files) stays the end customer's
		ticket = frappe.get_doc("HEZO Ticket", self.p1.ticket)
		self.assertFalse(frappe.has_permission("HEZO Ticket", "read", doc=ticket, user=PARTNER_USERS["P1"]))
		file = frappe.get_doc("File", self.p1.file)
		self.assertFalse(frappe.has_permission("File", "read", doc=file, user=PARTNER_USERS["P1"]))
		status, html = page("hezo/ticket", name=self.p1.ticket)
		self.assertNotEqual(status, 200)
		self.assertNotIn("private answer", html)

	def test_rmas_awaiting_the_faulty_units_return(self):
		from hezo_service.tests.portal_browser import prepare_rma

		rma = prepare_rma(self.p1.serials[0], self.p1.due)  # delivered now, the return due in 7 days
		self.assertTrue(rma.return_due)
		self.as_user("P1")
		status, html = page("hezo/partner_service")
		self.assertIn(f'data-rma="{rma.name}"', html)
		self.assertIn("Awaiting return", html)
		self.as_user("P2")
		status, html = page("hezo/partner_service")
		self.assertEqual(status, 200)
		self.assertNotIn(rma.name, html)
		frappe.set_user("Administrator")
		frappe.db.set_value("HEZO RMA", rma.name, "return_received_at", frappe.utils.now_datetime())
		self.as_user("P1")
		self.assertNotIn(rma.name, page("hezo/partner_service")[1])

	def test_an_end_customer_sees_nothing_of_the_partner(self):
		self.as_user("C1")
		for path in PAGES:
			with self.subTest(page=path):
				status, html = page(path)
				self.assertNotEqual(status, 200)
				self.assertNotIn(self.p1.invoice, html)
		status, _pdf, _type = call_raw(f"{API}.invoice_pdf", {"invoice": self.p1.invoice})
		self.assertEqual(status, 404)
		status, _body = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.due})
		self.assertEqual(status, 404)
		status, _body, _type = call_raw(f"{API}.contracts_csv", {})
		self.assertEqual(status, 404)
		status, html = page("hezo")  # its own dashboard: its contract, no prices or invoices
		self.assertEqual(status, 200)
		self.assertIn(self.p1.due, html)
		self.assertNotIn(self.p1.invoice, html)
		self.assertNotIn('href="/hezo/partner"', html)

	def test_a_user_of_a_partner_and_an_end_customer_sees_each_in_its_own_scope(self):
		user = PARTNER_USERS["BOTH"]
		self.assertEqual(customers_of(user), [self.p1.customer])
		self.assertEqual(partners_of(user), [self.p1.partner])
		self.as_user("BOTH")
		status, html = page("hezo")
		self.assertEqual(status, 200)
		self.assertIn('href="/hezo/partner"', html)
		self.assertNotIn(self.p1.invoice, html)
		self.assertNotIn(self.p1.partner, html)
		_status, html = page("hezo/partner_invoices")
		self.assertIn(self.p1.invoice, html)
		# the partner's scope gives no access to the customer's records beyond the customer's own
		self.assertFalse(
			frappe.has_permission("Customer", "read", doc=self.p1.partner, user=PARTNER_USERS["P1"])
		)

	def test_invoice_pdf_only_the_partners_own(self):
		self.as_user("P1")
		status, body, _content_type = call_raw(f"{API}.invoice_pdf", {"invoice": self.p1.invoice})
		self.assertEqual(status, 200)
		self.assertTrue(body.startswith(b"%PDF"))
		for name in (self.p2.invoice, "SINV-NOT-THERE"):
			status, body, _type = call_raw(f"{API}.invoice_pdf", {"invoice": name})
			self.assertEqual(status, 404, name)

	def test_pages_are_light_and_inside_the_guard(self):
		self.as_user("P1")
		for path in PAGES:
			with self.subTest(page=path):
				status, html = page(path)
				self.assertLessEqual(len(html.encode()), MAX_BYTES)
				for part in SHELL:
					self.assertNotIn(part, html)
				self.assertIn('frappe.csrf_token = "token-of-P1";', html)
		for method in ("contracts_csv", "invoice_pdf", "request_renewal", "sign_up", "link_partner"):
			self.assertIn(f"hezo_service.api.partner.{method}", allowed_methods())
		frappe.set_user("Guest")
		status, html = page("hezo/partner_signup")
		self.assertEqual(status, 200)
		self.assertLessEqual(len(html.encode()), MAX_BYTES)


class TestPartnerRenewals(PartnerPortalTestCase):
	def test_renewals_due_and_lapsed_with_the_fee_of_the_renewal_rule(self):
		self.as_user("P1")
		rows, _pager = partner.renewals(partners_of())
		names = [r.name for r in rows]
		self.assertEqual(names, [self.p1.lapsed, self.p1.due])  # end date order; the later one is not due
		frappe.set_user("Administrator")
		for row in rows:
			_old, _term, quote = lifecycle.quote(row.name)  # what the desk's Renew would carry today
			self.assertEqual(row.reactivation_fee, quote.reactivation_fee, row.name)
			self.assertEqual(row.lapsed_days, quote.lapsed_days, row.name)
		lapsed = rows[0]
		self.assertTrue(lapsed.lapsed)
		self.assertEqual(lapsed.lapsed_days, 40)
		self.assertFalse(rows[1].lapsed)
		self.as_user("P1")
		_status, html = page("hezo/partner_renewals")
		self.assertIn(
			'hz-request-renewal" data-method="hezo_service.api.partner.request_renewal" data-contract="'
			+ self.p1.due,
			html,
		)

	def test_a_request_makes_one_draft_quotation_and_the_sale_renews_the_contract(self):
		self.as_user("P1")
		status, body = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.due})
		self.assertEqual(status, 200, body)
		quotation_name = body["message"]["quotation"]
		status, _again = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.due})
		self.assertEqual(status, 409)
		with self.assertRaisesRegex(RenewalRequestRefused, "already been requested"):
			request_renewal(self.p1.due, partners_of(), PARTNER_USERS["P1"])
		status, html = page("hezo/partner_renewals")
		self.assertIn(f"Requested ({quotation_name})", html)

		frappe.set_user("Administrator")
		quotation = frappe.get_doc("Quotation", quotation_name)
		self.assertEqual((quotation.docstatus, quotation.party_name), (0, self.p1.partner))
		line = quotation.items[0]
		self.assertEqual(line.item_code, "HEZO-RENEWAL-HEZO-360")
		self.assertEqual((line.hezo_renews_contract, line.hezo_renewal_term), (self.p1.due, 1))
		self.assertEqual(line.rate, 1200)
		self.assertEqual(len(quotation.items), 1)  # renewed in time: no reactivation fee
		# the desk confirms: the quotation, then ERPNext's own Sales Order from it, submitted
		quotation.submit()
		order = make_sales_order(quotation.name)
		order.delivery_date = add_days(today(), 7)
		order.insert()
		self.assertEqual(order.items[0].hezo_renews_contract, self.p1.due)
		order.submit()
		old = frappe.get_doc("HEZO Contract", self.p1.due)
		self.assertTrue(old.renewed_to)
		new = frappe.get_doc("HEZO Contract", old.renewed_to)
		self.assertEqual(
			(new.sales_order, new.partner, new.renewed_from), (order.name, self.p1.partner, old.name)
		)
		self.assertEqual(str(new.start_date), str(add_days(old.end_date, 1)))
		# invoiced through the order (ERPNext's own), never billed a second time by the billing run
		keys = {line["billing_key"] for line in billable_lines.renewal_lines(add_days(today(), 1))}
		self.assertNotIn(f"renewal:{new.name}", keys)
		# now renewed: refused in one message
		self.as_user("P1")
		status, _body = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.due})
		self.assertEqual(status, 409)
		with self.assertRaisesRegex(RenewalRequestRefused, "already been renewed"):
			request_renewal(self.p1.due, partners_of(), PARTNER_USERS["P1"])

	def test_a_lapsed_contract_quotes_its_reactivation_fee(self):
		frappe.db.set_value("HEZO Service Plan", "HEZO-360", "reactivation_fee_percent", 10)
		self.as_user("P1")
		status, body = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.lapsed})
		self.assertEqual(status, 200, body)
		frappe.set_user("Administrator")
		quotation = frappe.get_doc("Quotation", body["message"]["quotation"])
		_old, _term, quote = lifecycle.quote(self.p1.lapsed)
		self.assertGreater(quote.reactivation_fee, 0)
		self.assertEqual([i.rate for i in quotation.items], [1200, float(quote.reactivation_fee)])

	def test_refused_for_cancelled_other_partners_and_missing_contracts(self):
		frappe.db.set_value("HEZO Contract", self.p1.later, "status", "Cancelled")
		self.as_user("P1")
		status, _body = call_api("POST", f"{API}.request_renewal", {"contract": self.p1.later})
		self.assertEqual(status, 409)
		with self.assertRaisesRegex(RenewalRequestRefused, "cannot be renewed: it is Cancelled"):
			request_renewal(self.p1.later, partners_of(), PARTNER_USERS["P1"])
		for name in (self.p2.due, "HZ-NOT-THERE"):  # P2's contract answers as a missing one
			status, _body = call_api("POST", f"{API}.request_renewal", {"contract": name})
			self.assertEqual(status, 404, name)
			with self.assertRaisesRegex(NotFoundInPortal, "^Not found.$"):
				request_renewal(name, partners_of(), PARTNER_USERS["P1"])
		self.assertFalse(frappe.db.exists("Quotation Item", {"hezo_renews_contract": self.p2.due}))


class TestPartnerStatements(PartnerPortalTestCase):
	def test_statements_per_page_stay_flat_from_one_to_five_hundred_contracts(self):
		from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_pages import Counted

		self.as_user("P1")
		before = self.measured()
		frappe.set_user("Administrator")
		many_contracts(self.p1, 500)
		self.as_user("P1")
		after = self.measured()
		print(f"statements per partner page, 3 contracts -> 503: {before} -> {after}")
		self.assertEqual(after, before)
		status, html = page("hezo/partner")
		self.assertEqual(status, 200)
		self.assertEqual(html.count("<tr data-contract="), 20)
		self.assertIn("contracts_page=2", html)
		self.assertLessEqual(len(html.encode()), MAX_BYTES)
		with Counted() as counted:
			_status, body, _type = call_raw(f"{API}.contracts_csv", {})
		self.assertEqual(len(body.decode("utf-8-sig").strip().splitlines()), 1 + 503)
		self.assertLess(counted.statements, 20)

	def measured(self) -> dict[str, int]:
		from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_pages import Counted

		result = {}
		for path in PAGES:
			page(path)
			with Counted() as counted:
				page(path)
			result[path] = counted.statements
		return result


def many_contracts(w, count: int) -> None:
	"""`count` more contracts of the partner's customer, each with a device and an open ticket's worth
	of renewals due: inserted row by row (db_insert) for speed; they are read, never validated."""
	on = frappe.utils.getdate(today())
	for n in range(count):
		number = f"HZ-BULK-{n:04d}"
		contract = frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"name": number,
				"contract_no": number,
				"customer": w.customer,
				"partner": w.partner,
				"plan": "HEZO-360",
				"term_years": 1,
				"price": 100,
				"start_date": add_days(on, -300),
				"end_date": add_days(on, n % 80),
				"status": "Active",
				"currency": "PLN",
			}
		)
		contract.db_insert()
		frappe.get_doc(
			{
				"doctype": "HEZO Contract Device",
				"parent": number,
				"parenttype": "HEZO Contract",
				"parentfield": "devices",
				"idx": 1,
				"device": w.serials[0],
			}
		).db_insert()
