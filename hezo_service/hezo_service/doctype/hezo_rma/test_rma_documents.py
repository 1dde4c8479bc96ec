"""Documents and desk views of the RMA: the two print formats (HTML and PDF, Polish and English), the
RMA report and the spare-stock report, and permissions per role."""

import frappe

from hezo_service.hezo_service.report.hezo_rma_report.hezo_rma_report import execute as rma_report
from hezo_service.hezo_service.report.hezo_spare_stock.hezo_spare_stock import execute as stock_report
from hezo_service.services.rma.rma_documents import UnknownFormatError, render_pdf
from hezo_service.services.rma.rma_returns import run_daily
from hezo_service.tests.artefacts import keep_pdf
from hezo_service.tests.factories import (
	HEZOTestCase,
	confirmed_ticket,
	deliver,
	make_rma,
	make_spare,
	make_user,
	ship,
)

FINANCE = "finance.rma@myhezo.example"
LOGISTICS = "logistics.rma@myhezo.example"


class TestRMADocuments(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(FINANCE, "HEZO Finance")
		make_user(LOGISTICS, "HEZO Logistics", "Stock User")  # ERPNext's role posts the stock

	def setUp(self):
		super().setUp()
		with self.freeze_time("2026-11-23 10:00:00"):
			make_spare("DOC-SPARE", "Rally Bar")
			self.ticket = confirmed_ticket("DOC-1", "HZP-DOC", reporter_email="it@customer.example")
			self.rma = make_rma(self.ticket.name).name
		with self.freeze_time("2026-11-23 14:00:00"):
			ship(self.rma, "2026-11-23 12:00:00", waybill="WB-OUT-555")
			deliver(self.rma, "2026-11-23 13:30:00")
			rma = frappe.get_doc("HEZO RMA", self.rma)
			rma.return_waybill, rma.return_carrier = "WB-RET-987654", "DHL Express"
			rma.save()

	def test_print_formats_render_in_polish_and_english(self):
		note = frappe.get_print("HEZO RMA", self.rma, "HEZO Delivery Note")
		for text in (
			"Dokument dostawy",
			"Delivery note",
			"DOC-SPARE",
			"DOC-1",
			"WB-OUT-555",
			"30.11.2026 23:59",
		):
			self.assertIn(text, note)
		instructions = frappe.get_print("HEZO RMA", self.rma, "HEZO Return Instructions")
		for text in (
			"Instrukcja zwrotu",
			"Return instructions",
			"WB-RET-987654",
			"DHL Express",
			"30.11.2026 23:59",
			"prepaid",
		):
			self.assertIn(text, instructions)
		for fmt, artefact in (
			("HEZO Delivery Note", "delivery-note"),
			("HEZO Return Instructions", "return-instructions"),
		):
			pdf = render_pdf(self.rma, fmt)
			self.assertTrue(pdf.startswith(b"%PDF"), fmt)
			text = keep_pdf(artefact, pdf)
			self.assertIn("DOC-1", text)
			self.assertIn("30.11.2026 23:59", text)
		with self.assertRaises(UnknownFormatError):
			render_pdf(self.rma, "Standard")

	def test_customer_pays_the_return_on_hezo_360(self):
		with self.freeze_time("2026-11-23 10:00:00"):
			ticket = confirmed_ticket("DOC-360", "H360-DOC", plan="HEZO-360", model="FortiGate 100F")
			rma = make_rma(ticket.name, replacement_source="Manufacturer hub")
		self.assertEqual(rma.return_payer, "Customer")
		self.assertIn("Klient (zgodnie", frappe.get_print("HEZO RMA", rma.name, "HEZO Return Instructions"))

	def test_rma_report_turnaround_and_return_compliance(self):
		with self.freeze_time("2026-12-20 08:00:00"):
			run_daily(commit=False)
			_columns, rows = rma_report({"customer": self.ticket.customer})
		self.assertEqual(len(rows), 1)
		row = rows[0]
		self.assertEqual(
			(row["customer"], row["plan"], row["rmas"], row["delivered"]),
			(self.ticket.customer, "HEZO-PLUS", 1, 1),
		)
		self.assertEqual(row["avg_turnaround_hours"], 3.5)  # confirmed 10:00, delivered 13:30
		self.assertEqual(row["delivered_on_time_percent"], 100.0)
		self.assertEqual(
			(row["returns_due"], row["overdue"], row["chargeable"], row["return_compliance_percent"]),
			(1, 1, 1, 0.0),
		)

	def test_spare_stock_report(self):
		frappe.db.set_single_value("HEZO Settings", {"low_stock_min_units": 1, "low_stock_min_percent": 5})
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
		with self.freeze_time("2026-11-24 10:00:00"):
			_columns, rows = stock_report({})
		rally = next(r for r in rows if r["model"] == "Rally Bar")
		# DOC-SPARE was shipped: the report reads ERPNext's Serial Nos, so it is no longer counted
		self.assertEqual(
			frappe.db.get_value("Serial No", "DOC-SPARE", ["warehouse", "status"]), (None, "Delivered")
		)
		with self.freeze_time("2026-11-24 10:00:00"):
			make_spare("DOC-SPARE-2", "Rally Bar")
			_columns, after = stock_report({})
		self.assertEqual(
			next(r for r in after if r["model"] == "Rally Bar")["available"], rally["available"] + 1
		)
		self.assertGreaterEqual(rally["covered"], 1)
		self.assertEqual(rally["low"], int(rally["available"] < rally["required"]))
		self.assertGreaterEqual(rally["required"], 1)
		frappe.clear_document_cache("HEZO Settings", "HEZO Settings")

	def test_permissions_per_role(self):
		frappe.set_user(FINANCE)
		self.assertTrue(frappe.has_permission("HEZO RMA", "read", self.rma))
		self.assertFalse(frappe.has_permission("HEZO RMA", "write", self.rma))
		self.assertFalse(frappe.has_permission("Stock Entry", "create"))  # restocking posts a Stock Entry
		frappe.set_user(LOGISTICS)
		self.assertTrue(frappe.has_permission("HEZO RMA", "write", self.rma))
		self.assertTrue(frappe.has_permission("Stock Entry", "create"))
		self.assertFalse(frappe.has_permission("HEZO Onsite Visit", "create"))


class TestRMADesk(HEZOTestCase):
	def test_workspace_cards_count_overdue_and_chargeable(self):
		import json

		from frappe.desk.doctype.number_card.number_card import get_result

		expected = {
			"HEZO Returns Overdue": frappe.db.count("HEZO RMA", {"return_status": "Overdue"}),
			"HEZO RMAs Awaiting Stock": frappe.db.count("HEZO RMA", {"status": "Awaiting Stock"}),
			"HEZO Units Chargeable": frappe.db.count(
				"HEZO RMA", {"chargeable": 1, "return_received_at": ["is", "not set"]}
			),
			"HEZO Low Stock Models": frappe.db.count("HEZO Stock Alert", {"status": "Open"}),
		}
		workspace = frappe.get_doc("Workspace", "HEZO Service")
		self.assertLessEqual(set(expected), {c.number_card_name for c in workspace.number_cards})
		self.assertIn("HEZO RMA Report", {link.link_to for link in workspace.links})
		for name, count in expected.items():
			card = frappe.get_doc("Number Card", name)
			self.assertEqual(get_result(card.as_dict(), card.filters_json), count, name)
			self.assertTrue(json.loads(card.filters_json))
		board = frappe.get_doc("Kanban Board", "HEZO RMA by status")
		self.assertEqual((board.reference_doctype, board.field_name), ("HEZO RMA", "status"))
		self.assertIn("Awaiting Stock", [c.column_name for c in board.columns])

	def test_polish_labels(self):
		from frappe.translate import get_all_translations

		messages = get_all_translations("pl")
		self.assertEqual(messages.get("HEZO RMA"), "RMA HEZO")
		self.assertEqual(messages.get("Return waybill (prepaid)"), "List przewozowy zwrotny (opłacony)")
