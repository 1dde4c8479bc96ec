"""The customer confirms in the portal that the replacement arrived: the desk's own delivery record,
so the serial swap, the 7-day return clock and the device history are the same as when staff record
it (customer A confirms, the desk records B's at the same moment); refused for an RMA not on its
way (409) and for another customer's (404), with nothing changed. The RMA page shows the engineer's
on-site visits (never the engineer or the notes)."""

from __future__ import annotations

import frappe

from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_rma import make_rmas
from hezo_service.tests.factories import deliver
from hezo_service.tests.portal_fixtures import PortalWorldTestCase, call_api, get_page

API = "/api/method/hezo_service.api.portal.confirm_receipt"
AT = "2026-03-11 09:15:00"
COMPARED = ("status", "delivered_at", "return_status", "return_due", "chargeable_from", "replacement_device")


class TestPortalRMAReceipt(PortalWorldTestCase):
	prefix = "PRC"

	def setUp(self):
		super().setUp()
		make_rmas(self.world, self.freeze_time, delivered=False)

	def confirm(self, rma: str, user: str | None = None) -> tuple[int, dict]:
		frappe.set_user(user or self.a.user)
		with self.freeze_time(AT, tick=False):
			return call_api("POST", API, {"rma": rma})

	def rma(self, key: str):
		frappe.set_user("Administrator")
		return frappe.get_doc("HEZO RMA", self.world[key].rma)

	def history(self, key: str) -> list[tuple]:
		rows = frappe.get_all(
			"HEZO Device Event",
			filters={"rma": self.world[key].rma},
			fields=["event"],
			order_by="event asc",
			pluck="event",
		)
		return sorted(rows)

	def test_the_customers_confirmation_is_the_desks_delivery(self):
		status, body = self.confirm(self.a.rma)
		self.assertEqual(status, 200, body)
		self.assertEqual(body["message"]["status"], "Delivered")
		frappe.set_user("Administrator")
		with self.freeze_time(AT, tick=False):
			deliver(self.b.rma, AT)
		a, b = self.rma("A"), self.rma("B")
		for field in COMPARED:
			mine, desk = a.get(field), b.get(field)
			if field == "replacement_device":  # each its own serial: both swapped in
				self.assertEqual((mine, desk), (self.a.replacement, self.b.replacement))
			else:
				self.assertEqual(mine, desk, field)
		self.assertEqual(str(a.delivered_at), AT)
		self.assertEqual(str(a.return_due), "2026-03-18 23:59:59")  # the end of the 7th day after
		self.assertEqual(a.return_status, "Awaiting return")
		self.assertEqual(self.history("A"), self.history("B"))
		self.assertTrue(self.history("A"))
		self.assertEqual(
			frappe.db.get_value("Serial No", self.a.replacement, "hezo_customer"),
			self.a.customer,
		)
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": "HEZO RMA", "reference_name": a.name}, pluck="content"
		)
		self.assertTrue(any("Receipt of the replacement confirmed" in c or "Odbiór" in c for c in comments))

	def test_refused_when_not_on_its_way_and_for_another_customer(self):
		self.assertEqual(self.confirm(self.a.rma)[0], 200)
		status, _body = self.confirm(self.a.rma)  # delivered already
		self.assertEqual(status, 409)
		before = self.rma("B").modified
		status, _body = self.confirm(self.b.rma)  # B's RMA, asked by A's user
		self.assertEqual(status, 404)
		b = self.rma("B")
		self.assertEqual((b.status, b.modified, b.delivered_at), ("Shipped", before, None))
		status, _body = self.confirm("")
		self.assertEqual(status, 422)

	def test_the_rma_page_offers_the_confirmation_and_shows_visits(self):
		frappe.set_user("Administrator")
		with self.freeze_time("2026-03-10 16:00:00"):
			frappe.get_doc(
				{
					"doctype": "HEZO Onsite Visit",
					"ticket": self.a.ticket,
					"rma": self.a.rma,
					"engineer": "Administrator",
					"arrived_at": "2026-03-10 15:00:00",
					"left_at": "2026-03-10 15:40:00",
					"work_notes": "internal-visit-note",
				}
			).insert()
		frappe.set_user(self.a.user)
		status, html = get_page("hezo/rma", name=self.a.rma, _lang="en")
		self.assertEqual(status, 200)
		self.assertIn('id="hz-confirm-receipt"', html)
		self.assertIn('id="hz-visits"', html)
		self.assertIn("10.03.2026 15:40", html)
		self.assertNotIn("internal-visit-note", html)
		status, html = get_page("hezo/ticket", name=self.a.ticket, _lang="en")  # the ticket's page too
		self.assertIn('id="hz-visits"', html)
		self.assertNotIn("internal-visit-note", html)
		self.assertEqual(self.confirm(self.a.rma)[0], 200)
		frappe.set_user(self.a.user)
		status, html = get_page("hezo/rma", name=self.a.rma, _lang="en")
		self.assertNotIn('id="hz-confirm-receipt"', html)
		frappe.set_user(self.b.user)
		status, html = get_page("hezo/rma", name=self.b.rma, _lang="en")
		self.assertNotIn('id="hz-visits"', html)  # B's ticket had no visit
