"""Billing: renewals, reactivation fees and uses over quota billed once per customer and month, also when
the job runs twice or crashes half-way; quotas; the CSV/XLSX export and the PDF."""

from decimal import Decimal
from unittest.mock import patch

import frappe

from hezo_service.hezo_service.doctype.hezo_billing_document.hezo_billing_document import (
	HEZOBillingDocument,
)
from hezo_service.services.billing import billing
from hezo_service.services.common.pdf import render_pdf
from hezo_service.services.contracts import lifecycle, quotas
from hezo_service.tests.artefacts import keep_pdf
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)


def billed() -> list[tuple]:
	rows = frappe.db.sql(
		"""select l.billing_key, d.customer, d.period, l.amount from `tabHEZO Billing Line` l
		join `tabHEZO Billing Document` d on d.name = l.parent
		where l.billing_key like '%%:BL-%%' order by l.billing_key""",
	)
	return [
		(key, customer, period, Decimal(str(amount)).quantize(Decimal("0.01")))
		for key, customer, period, amount in rows
	]


def resolve(ticket) -> None:
	ticket.reload()
	ticket.status = "Resolved"
	ticket.save()


class TestQuotas(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[4])
		make_device("FGQ-1", self.customer)
		self.plan = frappe.get_doc("HEZO Service Plan", "HEZO-360")
		self.plan.quotas[0].over_quota_price = 350
		self.plan.save()
		make_contract("QT-1", self.customer, "HEZO-360", ["FGQ-1"], "2026-03-01", "2028-02-29")

	def change(self, at: str):
		with self.freeze_time(at):
			ticket = make_ticket("FGQ-1", "QT-1", "Question", request_kind="remote_config_change")
			resolve(ticket)
		return ticket.reload()

	def test_sixth_change_in_a_contract_year_is_billable_and_counted_once(self):
		tickets = [self.change(f"2026-04-{day:02d} 10:00:00") for day in (1, 2, 3, 6, 7, 8)]
		self.assertEqual([t.quota_position for t in tickets], [1, 2, 3, 4, 5, 6])
		self.assertEqual([t.quota_billable for t in tickets], [0, 0, 0, 0, 0, 1])
		# re-saving a fulfilled ticket does not consume again
		tickets[0].status = "Closed"
		tickets[0].save()
		self.assertEqual(tickets[0].reload().quota_position, 1)
		with self.freeze_time("2026-04-09 10:00:00"):
			usage = quotas.quota_usage("QT-1")
		self.assertEqual(
			{k: usage[0][k] for k in ("kind", "limit", "used", "remaining", "over", "contract_year")},
			{
				"kind": "remote_config_change",
				"limit": 5,
				"used": 6,
				"remaining": 0,
				"over": 1,
				"contract_year": 1,
			},
		)
		# a new contract year starts a new count
		self.assertEqual(self.change("2027-03-02 10:00:00").quota_billable, 0)

	def test_an_open_ticket_or_another_kind_consumes_nothing(self):
		with self.freeze_time("2026-04-01 10:00:00"):
			open_ticket = make_ticket("FGQ-1", "QT-1", "Question", request_kind="remote_config_change")
			other = make_ticket("FGQ-1", "QT-1", "Question")
			resolve(other)
		self.assertEqual((open_ticket.reload().quota_position, other.reload().quota_position), (0, 0))


class TestBilling(HEZOTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_value(
			"HEZO Service Plan",
			"QSP-SOS-8X5-NBD",
			{
				"reactivation_fee_percent": 10,
				"reactivation_fee_fixed": "99.995",
				"reactivation_grace_days": 0,
			},
		)
		self.a = make_customer(NIPS[5], "Alfa S.A.")
		self.b = make_customer(NIPS[6], "Beta Sp. z o.o.")
		for serial, customer in (("BA-1", self.a), ("BA-2", self.a), ("BB-1", self.b)):
			make_device(serial, customer)
		make_contract("BL-A1", self.a, "QSP-SOS-8X5-NBD", ["BA-1"], "2026-01-01", "2026-12-31")
		make_contract("BL-A2", self.a, "QSP-SOS-8X5-NBD", ["BA-2"], "2026-01-01", "2026-12-31")
		make_contract("BL-B1", self.b, "QSP-SOS-8X5-NBD", ["BB-1"], "2026-01-01", "2026-12-31")
		for name, price in (("BL-A1", "1000.00"), ("BL-A2", "2000.10"), ("BL-B1", "333.33")):
			frappe.db.set_value("HEZO Contract", name, {"price": price, "term_years": 1})
		with self.freeze_time("2026-12-10 10:00:00"):
			lifecycle.renew("BL-A1")  # in time: no fee
		with self.freeze_time("2027-01-20 10:00:00"):
			lifecycle.renew("BL-A2")  # late: fee
			lifecycle.renew("BL-B1")  # late: fee

	def expected(self):
		return [
			("reactivation:BL-A2-R1", self.a, "2027-01", Decimal("300.01")),  # 10 % of 2000.10 + 100.00
			("reactivation:BL-B1-R1", self.b, "2027-01", Decimal("133.33")),  # 33.333 + 100.00 -> 133.33
			("renewal:BL-A1-R1", self.a, "2026-12", Decimal("1000.00")),
			("renewal:BL-A2-R1", self.a, "2027-01", Decimal("2000.10")),
			("renewal:BL-B1-R1", self.b, "2027-01", Decimal("333.33")),
		]

	def test_billing_twice_bills_each_thing_once_per_customer_and_month(self):
		with self.freeze_time("2027-01-31 23:00:00"):
			first = billing.run_billing(commit=False)
			second = billing.run_billing(commit=False)
		ours = [
			d
			for d in first
			if frappe.db.get_value("HEZO Billing Document", d, "customer") in (self.a, self.b)
		]
		self.assertEqual(len(ours), 3)  # A 2026-12, A 2027-01, B 2027-01
		self.assertEqual(second, [])
		self.assertEqual(billed(), self.expected())
		doc = frappe.get_doc("HEZO Billing Document", {"customer": self.a, "period": "2027-01"})
		self.assertEqual(Decimal(str(doc.total)), Decimal("2300.11"))
		self.assertEqual(doc.currency, "PLN")

	def test_a_crash_half_way_loses_nothing_and_bills_nothing_twice(self):
		# the run dies while saving its second document, as a worker killed half-way would
		original, saves = HEZOBillingDocument.save, []

		def crash_on_the_second(doc, *args, **kwargs):
			saves.append(doc.name)
			if len(saves) == 2:
				raise RuntimeError("worker killed half-way")
			return original(doc, *args, **kwargs)

		with self.freeze_time("2027-01-31 23:00:00"):
			with patch.object(HEZOBillingDocument, "save", crash_on_the_second):
				with self.assertRaises(RuntimeError):
					billing.run_billing(commit=False)
			partial = billed()
			self.assertTrue(0 < len(partial) < 5, partial)  # the documents saved before the crash stay
			billing.run_billing(commit=False)
			billing.run_billing(commit=False)
		self.assertEqual(billed(), self.expected())

	def test_the_unique_key_refuses_a_second_line_for_the_same_thing(self):
		with self.freeze_time("2027-01-31 23:00:00"):
			billing.run_billing(commit=False)
		doc = frappe.get_doc("HEZO Billing Document", {"customer": self.b, "period": "2027-01"})
		doc.append("lines", {"source": "Renewal", "billing_key": "renewal:BL-B1-R1", "rate": 1})
		with self.assertRaises(frappe.UniqueValidationError):
			doc.save()

	def test_lines_after_export_go_to_a_new_document(self):
		with self.freeze_time("2026-12-31 23:00:00"):
			[december] = billing.run_billing(commit=False)
		frappe.db.set_value("HEZO Billing Document", december, "status", "Exported")
		make_device("BA-3", self.a)
		make_contract("BL-A3", self.a, "QSP-SOS-8X5-NBD", ["BA-3"], "2026-01-01", "2026-12-31")
		frappe.db.set_value("HEZO Contract", "BL-A3", {"price": 10, "term_years": 1})
		with self.freeze_time("2026-12-31 23:30:00"):
			lifecycle.renew("BL-A3")
			[second] = billing.run_billing(upto="2026-12-31", commit=False)
		self.assertNotEqual(december, second)
		self.assertEqual(len(frappe.get_doc("HEZO Billing Document", december).lines), 1)

	def test_over_quota_uses_are_billed_at_the_plan_price(self):
		plan = frappe.get_doc("HEZO Service Plan", "HEZO-360")
		plan.quotas[0].over_quota_price = "350.50"
		plan.quotas[0].per_contract_year = 1
		plan.save()
		make_device("FGB-1", self.b)
		make_contract("BL-360", self.b, "HEZO-360", ["FGB-1"], "2026-01-01", "2026-12-31")
		for day in (2, 3):
			with self.freeze_time(f"2026-02-0{day} 10:00:00"):
				ticket = make_ticket("FGB-1", "BL-360", "Question", request_kind="remote_config_change")
				resolve(ticket)
		with self.freeze_time("2026-02-28 23:00:00"):
			billing.run_billing(commit=False)
			billing.run_billing(commit=False)
		lines = frappe.get_all(
			"HEZO Billing Line", {"source": "Over quota"}, ["billing_key", "amount", "reference_name"]
		)
		self.assertEqual(len(lines), 1)
		self.assertEqual(Decimal(str(lines[0].amount)), Decimal("350.50"))
		self.assertEqual(lines[0].billing_key, f"overquota:{lines[0].reference_name}")

	def test_sources_are_pluggable_through_hooks(self):
		self.assertEqual(
			frappe.get_hooks("hezo_billable_line_sources")[:3],
			[
				"hezo_service.services.billing.billing.renewal_lines",
				"hezo_service.services.billing.billing.reactivation_fee_lines",
				"hezo_service.services.billing.billing.over_quota_lines",
			],
		)

	def test_csv_xlsx_and_pdf(self):
		with self.freeze_time("2027-01-31 23:00:00"):
			billing.run_billing(commit=False)
		name = frappe.db.get_value("HEZO Billing Document", {"customer": self.a, "period": "2027-01"})
		filename, content = billing.export(name, "csv")
		text = content.decode("utf-8-sig")
		self.assertTrue(filename.endswith(".csv"))
		self.assertIn("renewal:BL-A2-R1", text)
		self.assertIn("2000.10", text)
		self.assertEqual(len(text.strip().splitlines()), 3)  # header + 2 lines
		filename, content = billing.export(name, "xlsx")
		self.assertEqual(content[:2], b"PK")  # a zip: the xlsx container
		pdf = render_pdf("HEZO Billing Document", name, "HEZO Billing Document")
		self.assertEqual(pdf[:5], b"%PDF-")
		text = keep_pdf("billing-document", pdf)
		self.assertIn("renewal:BL-A2-R1", text)
		self.assertIn("2300.11", text)
		html = frappe.get_print("HEZO Billing Document", name, print_format="HEZO Billing Document")
		self.assertIn("2300.11", html.replace(" ", "").replace("\xa0", ""))


class TestUnreturnedUnitBilling(HEZOTestCase):
	"""An RMA's faulty unit the returns job marked chargeable is billed once, at the charge it was given."""

	def setUp(self):
		super().setUp()
		from hezo_service.tests.rma_factories import confirmed_at, confirmed_ticket, deliver, make_rma, ship

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
		self.customer = frappe.db.get_value("HEZO RMA", self.rma, "customer")

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def lines(self) -> list[tuple]:
		return frappe.db.sql(
			"""select l.billing_key, d.customer, l.amount, l.reference_name from `tabHEZO Billing Line` l
			join `tabHEZO Billing Document` d on d.name = l.parent
			where l.billing_key like 'unreturned:%%' and l.reference_name = %s""",
			self.rma,
		)

	def test_a_chargeable_unit_is_billed_once(self):
		from hezo_service.services.rma.rma_returns import run_daily

		with self.freeze_time("2026-12-10 08:00:00"):
			run_daily(commit=False)
			billing.run_billing(commit=False)
		self.assertEqual(self.lines(), ())  # overdue, not yet chargeable: nothing billed
		with self.freeze_time("2026-12-15 08:00:00"):
			run_daily(commit=False)
			billing.run_billing(commit=False)
			billing.run_billing(commit=False)
			run_daily(commit=False)
			billing.run_billing(commit=False)
		rows = self.lines()
		self.assertEqual(len(rows), 1)
		key, customer, amount, reference = rows[0]
		self.assertEqual((key, customer, reference), (f"unreturned:{self.rma}", self.customer, self.rma))
		self.assertEqual(Decimal(str(amount)).quantize(Decimal("0.01")), Decimal("850.01"))
