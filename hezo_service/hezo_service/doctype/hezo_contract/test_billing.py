"""Billing makes draft ERPNext Sales Invoices: renewals, reactivation fees, uses over quota and
unreturned units, each billed once per customer and month (also when the job runs twice or crashes
half-way), as Items of their kind with the company's VAT 23 %, in the contract's currency at ERPNext's
exchange rate; finance submits them (GL entries)."""

from decimal import Decimal
from unittest.mock import patch

import erpnext
import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import SalesInvoice
from frappe.utils import flt

from hezo_service.services.billing import billable_lines, sales_invoices
from hezo_service.services.billing.sales_invoices import BillingSetupError, invoice_customer, vat_template
from hezo_service.services.common import invariants
from hezo_service.services.contracts import lifecycle
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)

EUR_TO_PLN = 4.2512
PLAN = "QSP-SOS-8X5-NBD"
RENEWAL_ITEM = f"HEZO-RENEWAL-{PLAN}"


def money(value) -> Decimal:
	return Decimal(str(flt(value, 2))).quantize(Decimal("0.01"))


def billed(pattern: str = "%:BL-%") -> list[tuple]:
	"""(key, customer, period, amount) of every invoice line whose key matches."""
	rows = frappe.db.sql(
		"""select i.hezo_billing_key, s.customer, s.hezo_billing_period, i.amount
		from `tabSales Invoice Item` i join `tabSales Invoice` s on s.name = i.parent
		where i.hezo_billing_key like %s order by i.hezo_billing_key""",
		pattern,
	)
	return [(key, customer, period, money(amount)) for key, customer, period, amount in rows]


def resolve(ticket) -> None:
	ticket.reload()
	ticket.status = "Resolved"
	ticket.save()


class BillingTestCase(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.company = erpnext.get_default_company()
		# the site's global currency must not decide anything: ERPNext's wizard may leave USD there
		# read from the table: the savepoint's rollback does not reach Redis, so the cached defaults may
		# still say USD from the previous test
		previous = frappe.db.get_value(
			"DefaultValue", {"parent": "__default", "defkey": "currency"}, "defvalue"
		)
		frappe.db.set_default("currency", "USD")
		self.addCleanup(self.restore_currency, previous)

	@staticmethod
	def restore_currency(previous) -> None:
		# committed: a step under test may commit (a sent e-mail, a stock entry), and the USD default must
		# never outlive the test (the next module's Sales Orders would want a USD rate). The cache is
		# dropped by hand: Frappe's set_default skips it when the table already holds the value
		frappe.db.set_default("currency", previous)
		frappe.db.commit()
		frappe.cache.hdel("defaults", "__default")

	def bill(self, at: str = "2027-01-31 23:00:00", upto: str | None = None) -> list[str]:
		with self.freeze_time(at):
			return sales_invoices.run_billing(upto=upto, commit=False)


class TestBilling(BillingTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_value(
			"HEZO Service Plan",
			PLAN,
			{
				"reactivation_fee_percent": 10,
				"reactivation_fee_fixed": "99.995",
				"reactivation_grace_days": 0,
			},
		)
		a, b = make_customer(NIPS[5], "Alfa S.A."), make_customer(NIPS[6], "Beta Sp. z o.o.")
		for serial, customer in (("BA-1", a), ("BA-2", a), ("BB-1", b)):
			make_device(serial, customer)
		make_contract("BL-A1", a, PLAN, ["BA-1"], "2026-01-01", "2026-12-31")
		make_contract("BL-A2", a, PLAN, ["BA-2"], "2026-01-01", "2026-12-31")
		make_contract("BL-B1", b, PLAN, ["BB-1"], "2026-01-01", "2026-12-31")
		for name, price in (("BL-A1", "1000.00"), ("BL-A2", "2000.10"), ("BL-B1", "333.33")):
			frappe.db.set_value("HEZO Contract", name, {"price": price, "term_years": 1})
		with self.freeze_time("2026-12-10 10:00:00"):
			lifecycle.renew("BL-A1")  # in time: no fee
		with self.freeze_time("2027-01-20 10:00:00"):
			lifecycle.renew("BL-A2")  # late: fee
			lifecycle.renew("BL-B1")  # late: fee
		self.a, self.b = invoice_customer("BL-A1"), invoice_customer("BL-B1")

	def expected(self):
		return [
			("reactivation:BL-A2-R1", self.a, "2027-01", Decimal("300.01")),  # 10 % of 2000.10 + 100.00
			("reactivation:BL-B1-R1", self.b, "2027-01", Decimal("133.33")),  # 33.333 + 100.00 -> 133.33
			("renewal:BL-A1-R1", self.a, "2026-12", Decimal("1000.00")),
			("renewal:BL-A2-R1", self.a, "2027-01", Decimal("2000.10")),
			("renewal:BL-B1-R1", self.b, "2027-01", Decimal("333.33")),
		]

	def invoice(self, customer: str, period: str):
		return frappe.get_doc("Sales Invoice", {"customer": customer, "hezo_billing_period": period})

	def test_a_draft_sales_invoice_per_customer_and_month_with_items_vat_and_keys(self):
		first = self.bill()
		self.assertEqual(billed(), self.expected())
		ours = {frappe.db.get_value("Sales Invoice", n, "customer") for n in first}
		self.assertEqual(len(first), 3)  # A 2026-12, A 2027-01, B 2027-01
		self.assertEqual(ours, {self.a, self.b})

		invoice = self.invoice(self.a, "2027-01")
		self.assertEqual(invoice.docstatus, 0)
		self.assertEqual(
			(invoice.company, invoice.currency, flt(invoice.conversion_rate)), (self.company, "PLN", 1)
		)
		self.assertEqual(invoice.hezo_billing_key, f"{self.a}|2027-01|PLN|1")
		self.assertEqual(str(invoice.posting_date), "2027-01-31")
		self.assertEqual(
			[
				(
					i.item_code,
					flt(i.qty),
					money(i.rate),
					i.hezo_billing_key,
					i.hezo_contract,
					i.hezo_reference_name,
				)
				for i in invoice.items
			],
			[
				(
					"HEZO-REACTIVATION-FEE",
					1,
					Decimal("300.01"),
					"reactivation:BL-A2-R1",
					"BL-A2-R1",
					"BL-A2-R1",
				),
				(RENEWAL_ITEM, 1, Decimal("2000.10"), "renewal:BL-A2-R1", "BL-A2-R1", "BL-A2-R1"),
			],
		)
		self.assertTrue(all(i.hezo_reference_doctype == "HEZO Contract" for i in invoice.items))
		self.assertIn("Renewal of contract BL-A2", invoice.items[1].description)
		# VAT 23 % from the company's template, on the net total
		self.assertEqual(invoice.taxes_and_charges, vat_template(self.company))
		self.assertEqual([flt(t.rate) for t in invoice.taxes], [23.0])
		self.assertEqual(money(invoice.net_total), Decimal("2300.11"))
		self.assertEqual(money(invoice.total_taxes_and_charges), Decimal("529.03"))  # 529.0253
		self.assertEqual(money(invoice.grand_total), Decimal("2829.14"))
		self.assertEqual(
			(invoice.disable_rounded_total, money(invoice.rounding_adjustment)), (1, Decimal("0.00"))
		)
		# the Items: non-stock sales services in their own group, one per kind and a renewal per plan
		for code in ("HEZO-REACTIVATION-FEE", RENEWAL_ITEM):
			item = frappe.db.get_value(
				"Item", code, ["is_stock_item", "is_sales_item", "item_group"], as_dict=True
			)
			self.assertEqual(
				(item.is_stock_item, item.is_sales_item, item.item_group), (0, 1, "HEZO Services")
			)

	def test_the_contract_form_connects_to_its_invoices(self):
		from frappe.desk.notifications import get_open_count

		# get_open_count limits the session's statement time (a request resets it; a test must)
		limit = frappe.db.sql("select @@session.max_statement_time")[0][0]
		self.addCleanup(frappe.db.set_execution_timeout, limit)
		self.bill()
		counts = get_open_count("HEZO Contract", "BL-A2-R1")["count"]["external_links_found"]
		self.assertEqual([(c["doctype"], c["count"]) for c in counts], [("Sales Invoice", 1)])

	def test_a_second_run_adds_nothing(self):
		self.bill()
		invoices, lines = frappe.db.count("Sales Invoice"), frappe.db.count("Sales Invoice Item")
		self.assertEqual(self.bill(), [])
		self.assertEqual(self.bill("2027-02-05 08:00:00"), [])
		self.assertEqual(
			(frappe.db.count("Sales Invoice"), frappe.db.count("Sales Invoice Item")), (invoices, lines)
		)
		self.assertEqual(billed(), self.expected())

	def test_a_crash_half_way_loses_nothing_and_bills_nothing_twice(self):
		# the run dies while saving its second invoice, as a worker killed half-way would
		original, saves = SalesInvoice.save, []

		def crash_on_the_second(doc, *args, **kwargs):
			saves.append(doc.hezo_billing_key)
			if len(saves) == 2:
				raise RuntimeError("worker killed half-way")
			return original(doc, *args, **kwargs)

		with patch.object(SalesInvoice, "save", crash_on_the_second):
			with self.assertRaises(RuntimeError):
				self.bill()
		partial = billed()
		self.assertTrue(0 < len(partial) < 5, partial)  # the invoice saved before the crash stays
		self.bill()
		self.bill()
		self.assertEqual(billed(), self.expected())
		# the shared checker agrees, and sees a billed thing lose its line
		ours = [v for v in invariants.billed_once("2027-01-31") if ":BL-" in v]
		self.assertEqual(ours, [])
		frappe.db.sql(
			"update `tabSales Invoice Item` set hezo_billing_key = null where hezo_billing_key = %s",
			"renewal:BL-B1-R1",
		)
		self.assertIn(
			"billing key renewal:BL-B1-R1: not billed by 2027-01-31", invariants.billed_once("2027-01-31")
		)

	def test_the_unique_key_refuses_a_second_line_for_the_same_thing(self):
		self.bill()
		invoice = self.invoice(self.b, "2027-01")
		invoice.append(
			"items", {"item_code": RENEWAL_ITEM, "qty": 1, "rate": 1, "hezo_billing_key": "renewal:BL-B1-R1"}
		)
		with self.assertRaises(frappe.UniqueValidationError):
			invoice.save()

	def test_submitted_by_finance_with_gl_entries_later_lines_go_to_a_new_draft(self):
		[december] = self.bill("2026-12-31 23:00:00")
		invoice = frappe.get_doc("Sales Invoice", december)
		invoice.submit()  # what finance does
		gl = frappe.get_all(
			"GL Entry", {"voucher_no": december, "is_cancelled": 0}, ["account", "debit", "credit"]
		)
		by_account = {row.account: (money(row.debit), money(row.credit)) for row in gl}
		self.assertEqual(by_account[invoice.debit_to][0], money(invoice.base_grand_total))
		self.assertEqual(by_account[invoice.items[0].income_account][1], Decimal("1000.00"))
		self.assertEqual(by_account[invoice.taxes[0].account_head][1], Decimal("230.00"))
		self.assertEqual(sum(d for d, _c in by_account.values()), sum(c for _d, c in by_account.values()))

		make_device("BA-3", frappe.db.get_value("HEZO Contract", "BL-A1", "customer"))
		make_contract(
			"BL-A3",
			frappe.db.get_value("HEZO Contract", "BL-A1", "customer"),
			PLAN,
			["BA-3"],
			"2026-01-01",
			"2026-12-31",
		)
		frappe.db.set_value("HEZO Contract", "BL-A3", {"price": 10, "term_years": 1})
		with self.freeze_time("2026-12-31 23:30:00"):
			lifecycle.renew("BL-A3")
		[second] = self.bill("2026-12-31 23:40:00", upto="2026-12-31")
		self.assertNotEqual(second, december)
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", second, "hezo_billing_key"), f"{self.a}|2026-12|PLN|2"
		)
		self.assertEqual(len(frappe.get_doc("Sales Invoice", december).items), 1)
		self.assertEqual(
			[i.hezo_billing_key for i in frappe.get_doc("Sales Invoice", second).items], ["renewal:BL-A3-R1"]
		)

	def test_a_cancelled_invoice_keeps_its_lines_billed_and_its_amendment_saves(self):
		[december] = self.bill("2026-12-31 23:00:00")
		invoice = frappe.get_doc("Sales Invoice", december)
		invoice.submit()
		invoice.cancel()
		# the desk's Amend copies every field, the unique keys too (frappe.copy_doc does the same)
		amended = frappe.copy_doc(invoice)
		amended.update({"docstatus": 0, "amended_from": invoice.name})
		amended.insert()
		self.assertEqual([i.hezo_contract for i in amended.items], ["BL-A1-R1"])
		self.assertEqual((amended.hezo_billing_key, amended.items[0].hezo_billing_key), (None, None))
		self.assertEqual(self.bill("2026-12-31 23:30:00", upto="2026-12-31"), [])
		self.assertEqual(
			billed("renewal:BL-A1-R1"), [("renewal:BL-A1-R1", self.a, "2026-12", Decimal("1000.00"))]
		)

	def test_over_quota_uses_are_billed_at_the_plan_price(self):
		plan = frappe.get_doc("HEZO Service Plan", "HEZO-360")
		plan.quotas[0].over_quota_price = "350.50"
		plan.quotas[0].per_contract_year = 1
		plan.save()
		customer = frappe.db.get_value("HEZO Contract", "BL-B1", "customer")
		make_device("FGB-1", customer)
		make_contract("BL-360", customer, "HEZO-360", ["FGB-1"], "2026-01-01", "2026-12-31")
		for day in (2, 3):
			with self.freeze_time(f"2026-02-0{day} 10:00:00"):
				resolve(make_ticket("FGB-1", "BL-360", "Question", request_kind="remote_config_change"))
		self.bill("2026-02-28 23:00:00")
		self.bill("2026-02-28 23:10:00")
		lines = frappe.get_all(
			"Sales Invoice Item",
			{"item_code": "HEZO-OVER-QUOTA"},
			["hezo_billing_key", "amount", "hezo_reference_doctype", "hezo_reference_name", "hezo_contract"],
		)
		self.assertEqual(len(lines), 1)
		self.assertEqual(money(lines[0].amount), Decimal("350.50"))
		self.assertEqual(lines[0].hezo_billing_key, f"overquota:{lines[0].hezo_reference_name}")
		self.assertEqual((lines[0].hezo_reference_doctype, lines[0].hezo_contract), ("HEZO Ticket", "BL-360"))

	def test_sources_are_pluggable_through_hooks(self):
		self.assertEqual(
			frappe.get_hooks("hezo_billable_line_sources")[:4],
			[
				"hezo_service.services.billing.billable_lines.renewal_lines",
				"hezo_service.services.billing.billable_lines.reactivation_fee_lines",
				"hezo_service.services.billing.billable_lines.over_quota_lines",
				"hezo_service.services.billing.billable_lines.unreturned_unit_lines",
			],
		)
		self.assertEqual(billable_lines.sources()[0], billable_lines.renewal_lines)


class TestCurrencies(BillingTestCase):
	def setUp(self):
		super().setUp()
		self.hezo_customer = make_customer(NIPS[2], "Gamma Faktury Sp. z o.o.")

	def renewed(self, contract: str, serial: str, currency: str, price: str) -> str:
		make_device(serial, self.hezo_customer)
		make_contract(
			contract, self.hezo_customer, PLAN, [serial], "2026-01-01", "2026-12-31", currency=currency
		)
		frappe.db.set_value("HEZO Contract", contract, {"price": price, "term_years": 1})
		with self.freeze_time("2026-12-10 10:00:00"):
			return lifecycle.renew(contract)  # in time: a renewal line, no fee

	def test_a_eur_contract_is_invoiced_in_eur_at_the_exchange_rate_to_the_company_currency(self):
		company_currency = erpnext.get_company_currency(self.company)
		self.assertEqual(company_currency, "PLN")
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
		self.renewed("INV-PLN-1", "INVP-1", "PLN", "100.00")
		invoices = [
			frappe.get_doc("Sales Invoice", n) for n in self.bill("2026-12-31 23:00:00", upto="2026-12-31")
		]
		by_currency = {i.currency: i for i in invoices if i.customer == invoice_customer("INV-EUR-1")}
		self.assertEqual(set(by_currency), {"EUR", "PLN"})  # one invoice per currency
		invoice = by_currency["EUR"]
		self.assertEqual((invoice.company, flt(invoice.conversion_rate)), (self.company, EUR_TO_PLN))
		self.assertEqual(
			[(i.item_code, money(i.rate)) for i in invoice.items], [(RENEWAL_ITEM, Decimal("500.00"))]
		)
		self.assertEqual(money(invoice.grand_total), Decimal("615.00"))  # 500 + 23 % VAT
		self.assertEqual(
			money(invoice.base_grand_total), money(615 * EUR_TO_PLN)
		)  # in the company's currency
		invoice.submit()
		self.assertTrue(frappe.db.exists("GL Entry", {"voucher_no": invoice.name, "is_cancelled": 0}))

	def test_no_exchange_rate_is_a_clear_error_and_bills_nothing(self):
		settings = frappe.get_doc("Currency Exchange Settings")
		disabled = settings.disabled
		settings.db_set("disabled", 1)  # no call to the internet exchange rate service in a test
		self.addCleanup(lambda: settings.db_set("disabled", disabled))
		frappe.db.delete("Currency Exchange", {"from_currency": "CHF"})
		self.renewed("INV-CHF-1", "INVC-1", "CHF", "100.00")
		invoices = frappe.db.count("Sales Invoice")
		with self.assertRaises(BillingSetupError) as error:
			self.bill("2026-12-31 23:00:00", upto="2026-12-31")
		self.assertIn("No exchange rate from CHF to PLN", str(error.exception))
		self.assertFalse(frappe.db.exists("Sales Invoice Item", {"hezo_billing_key": "renewal:INV-CHF-1-R1"}))
		self.assertEqual(frappe.db.count("Sales Invoice"), invoices)


class TestUnreturnedUnitBilling(BillingTestCase):
	"""An RMA's faulty unit the returns job marked chargeable is billed once, at the charge it was given."""

	def setUp(self):
		super().setUp()
		from hezo_service.tests.factories import confirmed_at, confirmed_ticket, deliver, make_rma, ship

		frappe.db.set_single_value(
			"HEZO Settings",
			{
				"return_reminder_days_after": 1,
				"return_charge_after_days": 14,
				"unreturned_unit_charge": 850.005,
			},
		)
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
		with self.freeze_time("2026-11-23 16:00:00"):
			ticket = confirmed_ticket("LOGI-BILL-1", "HZP-BILL-1", nip=NIPS[3])
			self.rma = make_rma(ticket.name, replacement_source="Manufacturer hub").name
			ship(self.rma, confirmed_at(self.rma), serial="LOGI-BILL-1-NEW")
			deliver(self.rma, confirmed_at(self.rma))

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def test_a_chargeable_unit_is_billed_once(self):
		from hezo_service.services.rma.rma_returns import run_daily

		with self.freeze_time("2026-12-10 08:00:00"):
			run_daily(commit=False)
			sales_invoices.run_billing(commit=False)
		self.assertEqual(billed(f"unreturned:{self.rma}"), [])  # overdue, not yet chargeable: nothing billed
		with self.freeze_time("2026-12-15 08:00:00"):
			run_daily(commit=False)
			sales_invoices.run_billing(commit=False)
			sales_invoices.run_billing(commit=False)
			run_daily(commit=False)
			sales_invoices.run_billing(commit=False)
		contract = frappe.db.get_value("HEZO RMA", self.rma, "contract")
		self.assertEqual(
			billed(f"unreturned:{self.rma}"),
			[(f"unreturned:{self.rma}", invoice_customer(contract), "2026-12", Decimal("850.01"))],
		)
		line = frappe.get_doc("Sales Invoice Item", {"hezo_billing_key": f"unreturned:{self.rma}"})
		self.assertEqual(
			(line.item_code, line.hezo_contract, line.hezo_reference_doctype, line.hezo_reference_name),
			("HEZO-UNRETURNED-UNIT", contract, "HEZO RMA", self.rma),
		)

	def test_a_unit_back_after_it_was_marked_chargeable_is_billed_no_more(self):
		from hezo_service.services.rma.rma_returns import run_daily
		from hezo_service.tests.factories import stock_roles

		returns, _repair = stock_roles()
		with self.freeze_time("2026-12-15 08:00:00"):
			run_daily(commit=False)
			self.assertEqual(frappe.db.get_value("HEZO RMA", self.rma, "chargeable"), 1)
			rma = frappe.get_doc("HEZO RMA", self.rma)
			rma.return_received_at, rma.return_condition = "2026-12-15 07:30:00", "As described"
			rma.save()
			sales_invoices.run_billing(commit=False)
		self.assertEqual(billed(f"unreturned:{self.rma}"), [])
		self.assertEqual(
			frappe.db.get_value("HEZO RMA", self.rma, ["chargeable", "return_status", "status"]),
			(0, "Received", "Returned"),
		)
		self.assertEqual(frappe.db.get_value("Serial No", "LOGI-BILL-1", "warehouse"), returns)
