"""Billing on a site with ERPNext: each billing document becomes a draft Sales Invoice of the site's
default company, in the contract's currency (with ERPNext's exchange rate to the company's currency),
with the billing Item (created on first use) and the company's Polish VAT 23 % template."""

from decimal import Decimal

import erpnext
import frappe
from frappe.utils import flt

from hezo_service.services.billing import billing
from hezo_service.services.billing.erpnext_invoice import BillingSetupError, billing_item
from hezo_service.services.contracts import lifecycle
from hezo_service.site_setup import vat_template
from hezo_service.tests.factories import NIPS, HEZOTestCase, make_contract, make_customer, make_device

EUR_TO_PLN = 4.2512


class TestERPNextInvoice(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.company = erpnext.get_default_company()
		self.customer = make_customer(NIPS[2], "Gamma Faktury Sp. z o.o.")
		# the site's global currency must not decide anything: ERPNext's wizard may leave USD there
		previous = frappe.db.get_default("currency")
		frappe.db.set_default("currency", "USD")
		self.addCleanup(frappe.db.set_default, "currency", previous)
		# an Item left by an earlier run or test must not be needed: billing creates it
		frappe.db.delete("Item", {"item_code": "HEZO-SERVICE"})

	def renewed(self, contract: str, serial: str, currency: str, price: str) -> str:
		make_device(serial, self.customer)
		make_contract(
			contract,
			self.customer,
			"QSP-SOS-8X5-NBD",
			[serial],
			"2026-01-01",
			"2026-12-31",
			currency=currency,
		)
		frappe.db.set_value("HEZO Contract", contract, {"price": price, "term_years": 1})
		with self.freeze_time("2026-12-10 10:00:00"):
			return lifecycle.renew(contract)  # in time: a renewal line, no fee

	def bill(self) -> dict:
		"""Billing documents made by a run, by currency (this test's customer only)."""
		with self.freeze_time("2026-12-31 23:00:00"):
			names = billing.run_billing(upto="2026-12-31", commit=False)
		docs = [frappe.get_doc("HEZO Billing Document", n) for n in names]
		return {d.currency: d for d in docs if d.customer == self.customer}

	def invoice_of(self, doc):
		self.assertTrue(doc.sales_invoice)
		return frappe.get_doc("Sales Invoice", doc.sales_invoice)

	def test_a_pln_contract_becomes_a_draft_invoice_with_vat_then_submitted_and_not_billed_again(self):
		self.renewed("INV-PLN-1", "INVP-1", "PLN", "1000.00")
		doc = self.bill()["PLN"]
		invoice = self.invoice_of(doc)
		self.assertEqual(invoice.docstatus, 0)
		self.assertEqual((invoice.company, invoice.currency), (self.company, "PLN"))
		self.assertEqual(flt(invoice.conversion_rate), 1.0)
		self.assertEqual([i.item_code for i in invoice.items], [billing_item()])
		self.assertEqual(frappe.db.get_value("Item", "HEZO-SERVICE", "is_stock_item"), 0)
		self.assertIn("renewal:INV-PLN-1-R1", invoice.items[0].description)
		self.assertEqual(invoice.taxes_and_charges, vat_template(self.company))
		self.assertEqual([flt(t.rate) for t in invoice.taxes], [23.0])
		self.assertEqual(Decimal(str(invoice.net_total)), Decimal("1000.00"))
		self.assertEqual(Decimal(str(invoice.grand_total)), Decimal("1230.00"))

		invoice.submit()  # what finance does
		self.assertEqual(invoice.docstatus, 1)
		self.assertEqual(frappe.db.get_value("HEZO Billing Document", doc.name, "status"), "Invoiced")
		invoices = frappe.db.count("Sales Invoice", {"customer": invoice.customer})
		self.assertEqual(self.bill(), {})  # a second run: nothing to bill, no new invoice
		self.assertEqual(frappe.db.count("Sales Invoice", {"customer": invoice.customer}), invoices)

		# a later line of the same month goes to a new document and a new invoice, alone
		self.renewed("INV-PLN-2", "INVP-2", "PLN", "10.00")
		later = self.bill()["PLN"]
		self.assertNotEqual(later.name, doc.name)
		items = self.invoice_of(later).items
		self.assertEqual(
			[("renewal:INV-PLN-2-R1" in i.description, flt(i.rate)) for i in items], [(True, 10.0)]
		)

	def test_a_eur_contract_is_invoiced_in_eur_at_the_exchange_rate_to_the_company_currency(self):
		company_currency = erpnext.get_company_currency(self.company)
		self.assertNotEqual(company_currency, "EUR")
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2026-12-01",
				"from_currency": "EUR",
				"to_currency": company_currency,
				"exchange_rate": EUR_TO_PLN,
				"for_selling": 1,
			}
		).insert()
		self.renewed("INV-EUR-1", "INVE-1", "EUR", "500.00")
		doc = self.bill()["EUR"]
		invoice = self.invoice_of(doc)
		self.assertEqual((invoice.company, invoice.currency), (self.company, "EUR"))
		self.assertEqual(flt(invoice.conversion_rate), EUR_TO_PLN)
		self.assertEqual(Decimal(str(invoice.grand_total)), Decimal("615.00"))  # 500 + 23 % VAT
		self.assertEqual(
			flt(invoice.base_grand_total, 2), flt(615 * EUR_TO_PLN, 2)
		)  # in the company's currency
		invoice.submit()
		self.assertEqual(invoice.docstatus, 1)

	def test_no_exchange_rate_is_a_clear_error_and_bills_nothing(self):
		settings = frappe.get_doc("Currency Exchange Settings")
		disabled = settings.disabled
		settings.db_set("disabled", 1)  # no call to the internet exchange rate service in a test
		self.addCleanup(lambda: settings.db_set("disabled", disabled))
		frappe.db.delete("Currency Exchange", {"from_currency": "CHF"})
		self.renewed("INV-CHF-1", "INVC-1", "CHF", "100.00")
		with self.assertRaises(BillingSetupError) as error:
			self.bill()
		self.assertIn("CHF", str(error.exception))
		self.assertFalse(frappe.db.exists("HEZO Billing Line", {"billing_key": "renewal:INV-CHF-1-R1"}))
