"""Scheduled work: work orders spread over each contract year on business days with their checklist,
created once (also by the daily job run twice), overdue marking, deployment requests, the report PDF."""

import frappe

from hezo_service.services.common.pdf import render_pdf
from hezo_service.services.contracts import scheduled_work
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.services.contracts.scheduled_work import DeploymentError
from hezo_service.tests.artefacts import keep_pdf
from hezo_service.tests.factories import NIPS, HEZOTestCase, make_contract, make_customer, make_device


def orders(contract: str) -> list[tuple]:
	return [
		(o.work_kind, o.contract_year, o.sequence, str(o.due_date))
		for o in frappe.get_all(
			"HEZO Work Order",
			{"contract": contract},
			["work_kind", "contract_year", "sequence", "due_date"],
			order_by="work_kind, contract_year, sequence",
		)
	]


class TestScheduledWork(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[0])
		for serial in ("WO-FG", "WO-QS", "WO-QS2", "WO-LONG"):
			make_device(serial, self.customer)

	def test_hezo_360_reviews_and_firmware_twice_a_year_on_business_days(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WO-360", self.customer, "HEZO-360", ["WO-FG"], "2026-01-01", "2026-12-31")
		self.assertEqual(
			orders("WO-360"),
			[
				("config_log_review", 1, 1, "2026-05-04"),
				("config_log_review", 1, 2, "2026-09-01"),
				("firmware_upgrade", 1, 1, "2026-05-04"),
				("firmware_upgrade", 1, 2, "2026-09-01"),
			],
		)
		calendar = get_catalogue().calendars["8x5"]
		for _kind, _year, _seq, day in orders("WO-360"):
			self.assertTrue(calendar.is_business_day(frappe.utils.getdate(day)))
		review = frappe.get_doc(
			"HEZO Work Order", {"contract": "WO-360", "work_kind": "config_log_review", "sequence": 1}
		)
		self.assertEqual(review.report_required, 1)
		self.assertEqual(
			[s.step for s in review.steps],
			["Przegląd konfiguracji i logów", "Opinia", "Sugerowane zmiany", "Korekty"],
		)
		self.assertEqual(review.devices, "WO-FG")

	def test_qsp_inspection_only_with_the_system_care_add_on(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WO-QSP", self.customer, "QSP-SOS-8X5-NBD", ["WO-QS"], "2026-01-01", "2026-12-31")
			self.assertEqual(orders("WO-QSP"), [])
			doc = frappe.get_doc(
				{
					"doctype": "HEZO Contract",
					"contract_no": "WO-QSP-CARE",
					"customer": self.customer,
					"plan": "QSP-SOS-8X5-NBD",
					"start_date": "2026-01-01",
					"end_date": "2026-12-31",
					"system_care": 1,
					"devices": [{"device": "WO-QS2"}],
				}
			).insert()
		self.assertEqual(orders(doc.name), [("inspection", 1, 1, "2026-07-02")])
		inspection = frappe.get_doc("HEZO Work Order", {"contract": doc.name})
		self.assertEqual(len(inspection.steps), 4)
		self.assertIn("firmware", inspection.steps[1].step)

	def test_long_terms_roll_forward_and_the_daily_job_creates_nothing_twice(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WO-3Y", self.customer, "HEZO-360", ["WO-LONG"], "2026-01-01", "2028-12-31")
			self.assertEqual({o[1] for o in orders("WO-3Y")}, {1, 2})  # the year ahead only
			scheduled_work.schedule_missing(commit=False)  # (other contracts of the site may be due)
			self.assertEqual({o[1] for o in orders("WO-3Y")}, {1, 2})
			self.assertEqual(scheduled_work.schedule_missing(commit=False), 0)
		with self.freeze_time("2027-06-01 09:00:00"):
			scheduled_work.schedule_missing(commit=False)
			self.assertEqual({o[1] for o in orders("WO-3Y")}, {1, 2, 3})
			self.assertEqual(scheduled_work.schedule_missing(commit=False), 0)
		self.assertEqual(len(orders("WO-3Y")), 12)
		self.assertEqual(len({o for o in orders("WO-3Y")}), 12)

	def test_overdue_work_is_marked_once(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WO-OD", self.customer, "HEZO-360", ["WO-FG"], "2026-01-01", "2026-12-31")
		with self.freeze_time("2026-05-05 09:00:00"):
			self.assertEqual(scheduled_work.mark_overdue(), 2)
			self.assertEqual(scheduled_work.mark_overdue(), 0)
		self.assertEqual(frappe.db.count("HEZO Work Order", {"contract": "WO-OD", "status": "Overdue"}), 2)

	def test_a_report_is_needed_to_close_review_work_and_renders_as_pdf(self):
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WO-RP", self.customer, "HEZO-360", ["WO-FG"], "2026-01-01", "2026-12-31")
		review = frappe.get_doc(
			"HEZO Work Order", {"contract": "WO-RP", "work_kind": "config_log_review", "sequence": 1}
		)
		review.status = "Done"
		with self.assertRaises(frappe.ValidationError):
			review.save()
		review.reload()
		review.status = "Done"
		for step in review.steps:
			step.done = 1
		review.findings = "<p>Konfiguracja poprawna; 3 reguły bez ruchu od 90 dni.</p>"
		review.suggested_changes = "<p>Usunąć nieużywane reguły 12, 17, 21.</p>"
		review.save()
		self.assertTrue(review.completed_on)
		html = frappe.get_print("HEZO Work Order", review.name, print_format="HEZO Work Order Report")
		self.assertIn("Usunąć nieużywane reguły", html)
		self.assertIn("Przegląd konfiguracji i logów", html)
		pdf = render_pdf("HEZO Work Order", review.name, "HEZO Work Order Report")
		self.assertEqual(pdf[:5], b"%PDF-")
		self.assertIn("Usunąć nieużywane reguły", keep_pdf("work-order-report", pdf))
		# sent to the customer once, with the PDF attached
		frappe.db.set_value("Customer", self.customer, "email_id", "it@wo.example")
		self.assertEqual(scheduled_work.send_report(review.name), "it@wo.example")
		mail = frappe.get_last_doc("Email Queue", filters={"reference_name": review.name})
		self.assertIn(f"{review.name}.pdf", mail.message)  # the attachment's part
		with self.assertRaises(scheduled_work.WorkReportError):
			scheduled_work.send_report(review.name)
		open_one = frappe.get_value("HEZO Work Order", {"contract": "WO-RP", "status": "Open"}, "name")
		with self.assertRaises(scheduled_work.WorkReportError):
			scheduled_work.send_report(open_one)

	def test_deployment_requests_remote_7_and_onsite_14_days(self):
		make_contract("WO-DEP", self.customer, "HEZO-360", ["WO-FG"], "2026-01-01", "2026-12-31")
		remote = frappe.get_doc(
			"HEZO Work Order", scheduled_work.request_deployment("WO-DEP", "remote", "2026-03-02")
		)
		onsite = frappe.get_doc(
			"HEZO Work Order", scheduled_work.request_deployment("WO-DEP", "onsite", "2026-03-02")
		)
		self.assertEqual((str(remote.due_date), str(onsite.due_date)), ("2026-03-09", "2026-03-16"))
		make_contract("WO-NODEP", self.customer, "QSP-SOS-8X5-NBD", ["WO-QS"], "2026-01-01", "2026-12-31")
		with self.assertRaises(DeploymentError):
			scheduled_work.request_deployment("WO-NODEP", "remote")
		with self.assertRaises(DeploymentError):
			scheduled_work.request_deployment("WO-DEP", "teleport")


class TestOverdueWorkInTheWorkspace(HEZOTestCase):
	def test_card_and_shortcuts(self):
		card = frappe.get_doc("Number Card", "HEZO Overdue Work Orders")
		self.assertEqual((card.document_type, card.is_standard), ("HEZO Work Order", 1))
		self.assertIn('"Overdue"', card.filters_json)
		workspace = frappe.get_doc("Workspace", "HEZO Service")
		self.assertIn("HEZO Overdue Work Orders", {c.number_card_name for c in workspace.number_cards})
		self.assertLessEqual(
			{"HEZO Work Order", "HEZO Renewal Pipeline", "Sales Invoice"},
			{s.link_to for s in workspace.shortcuts},
		)
		customer = make_customer(NIPS[1])
		make_device("WS-1", customer)
		with self.freeze_time("2026-01-02 09:00:00"):
			make_contract("WS-360", customer, "HEZO-360", ["WS-1"], "2026-01-01", "2026-12-31")
		before = frappe.db.count("HEZO Work Order", {"status": "Overdue"})
		with self.freeze_time("2026-12-01 09:00:00"):
			scheduled_work.mark_overdue()
		self.assertGreaterEqual(frappe.db.count("HEZO Work Order", {"status": "Overdue"}), before + 4)
