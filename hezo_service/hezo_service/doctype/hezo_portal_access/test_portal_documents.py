"""The customer's documents at /hezo/documents: per RMA its return instructions and (once shipped) its
delivery note, per completed work order its report, as PDF downloads; the other customer's documents
are neither listed nor downloadable (404)."""

from __future__ import annotations

import frappe

from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_contract import make_work_orders
from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_rma import make_rmas
from hezo_service.tests.portal_fixtures import PortalWorldTestCase, call_raw, get_page, pdf_text

API = "/api/method/hezo_service.api.portal."


class TestPortalDocuments(PortalWorldTestCase):
	prefix = "PDC"

	def setUp(self):
		super().setUp()
		make_rmas(self.world, self.freeze_time)
		make_work_orders(self.world, self.freeze_time)
		frappe.set_user(self.a.user)
		frappe.local.lang = "en"

	def test_the_list_shows_own_documents_only(self):
		status, html = get_page("hezo/documents", _lang="en")
		self.assertEqual(status, 200)
		for own in (
			f'data-rma="{self.a.rma}"',
			f"rma_return_instructions?rma={self.a.rma}",
			f"rma_delivery_note?rma={self.a.rma}",
			f"work_report?work_order={self.a.done}",
		):
			self.assertIn(own, html)
		for other in (self.b.rma, self.b.done, *self.b.open):
			self.assertNotIn(other, html)
		for not_done in self.a.open:
			self.assertNotIn(f"work_order={not_done}", html)  # no report before the work is done

	def test_downloads_for_the_own_customer_only(self):
		for method, arg, own, other in (
			("rma_delivery_note", "rma", self.a.rma, self.b.rma),
			("rma_return_instructions", "rma", self.a.rma, self.b.rma),
			("work_report", "work_order", self.a.done, self.b.done),
		):
			with self.subTest(method=method):
				status, pdf, content_type = call_raw(API + method, {arg: own})
				self.assertEqual(status, 200)
				self.assertIn("pdf", content_type)
				self.assertTrue(pdf.startswith(b"%PDF"))
				self.assertNotIn("-B-", pdf_text(pdf))
				status, _pdf, _type = call_raw(API + method, {arg: other})
				self.assertEqual(status, 404)

	def test_the_delivery_note_waits_for_the_shipment(self):
		frappe.set_user("Administrator")
		frappe.db.set_value("HEZO RMA", self.a.rma, "shipped_at", None, update_modified=False)
		frappe.set_user(self.a.user)
		status, _pdf, _type = call_raw(API + "rma_delivery_note", {"rma": self.a.rma})
		self.assertEqual(status, 404)
		_status, html = get_page("hezo/documents", _lang="en")
		self.assertNotIn(f"rma_delivery_note?rma={self.a.rma}", html)
