"""The customer closes or reopens its own resolved ticket from the portal: the desk's own moves, with
the clocks and the audit they have there; refused (4xx) for another customer's ticket, a ticket not
resolved, a reopening past the period or without a reason, and nothing changes then."""

from __future__ import annotations

import frappe

from hezo_service.core.tickets.flow import REOPEN_DAYS
from hezo_service.core.tickets.policy import COMPUTED_COLUMNS
from hezo_service.tests.portal_fixtures import PortalWorldTestCase, call_api

API = "/api/method/hezo_service.api.portal."


class TestPortalTicketMoves(PortalWorldTestCase):
	prefix = "PTM"

	def resolve(self, key: str, at: str = "2026-03-11 12:00:00") -> None:
		frappe.set_user("Administrator")
		with self.freeze_time(at):
			ticket = frappe.get_doc("HEZO Ticket", self.world[key].ticket)
			ticket.status = "Resolved"
			ticket.save()

	def call(self, method: str, at: str, **data) -> tuple[int, dict]:
		frappe.set_user(self.a.user)
		with self.freeze_time(at):
			return call_api("POST", API + method, {"ticket": self.a.ticket, **data})

	def ticket(self):
		return frappe.get_doc("HEZO Ticket", self.a.ticket)

	def events(self, ticket: str | None = None) -> list[tuple]:
		return frappe.get_all(
			"HEZO SLA Event",
			filters={"ticket": ticket or self.a.ticket},
			fields=["clock", "event"],
			order_by="creation asc",
			as_list=True,
		)

	def comments(self) -> list[str]:
		return frappe.get_all(
			"Comment",
			filters={"reference_doctype": "HEZO Ticket", "reference_name": self.a.ticket},
			pluck="content",
		)

	def test_the_customer_closes_its_resolved_ticket(self):
		self.resolve("A")
		status, body = self.call("close_ticket", "2026-03-12 09:00:00")
		self.assertEqual((status, body["message"]["status"]), (200, "Closed"))
		ticket = self.ticket()
		self.assertEqual(str(ticket.closed_at), "2026-03-12 09:00:00")
		self.assertTrue(
			any("Closed by the customer" in c or "Zamknięte przez klienta" in c for c in self.comments())
		)
		# closed is final, as in the desk
		status, _body = self.call("reopen_ticket", "2026-03-12 09:05:00", reason="still broken")
		self.assertEqual(status, 409)
		self.assertEqual(self.ticket().status, "Closed")

	def test_the_customer_reopens_within_the_period_and_the_clocks_follow(self):
		"""A reopens its ticket; the desk reopens B's, the same in every other way, at the same time:
		both end with the same status, clocks, SLA state and audit."""
		self.resolve("A")
		self.resolve("B")
		with self.freeze_time("2026-03-13 09:00:00"):
			desk = frappe.get_doc("HEZO Ticket", self.b.ticket)
			desk.status = "In Progress"
			desk.save()
		status, body = self.call("reopen_ticket", "2026-03-13 09:00:00", reason="<b>Still</b> down")
		self.assertEqual((status, body["message"]["status"]), (200, "In Progress"))
		ticket = self.ticket()
		self.assertIsNone(ticket.resolved_at)  # the desk's reopening clears it
		self.assertEqual(ticket.status, "In Progress")
		desk.reload()
		for column in ("status", "resolved_at", "sla_state", *COMPUTED_COLUMNS):
			self.assertEqual(ticket.get(column), desk.get(column), column)
		self.assertEqual(self.events(), self.events(self.b.ticket))
		self.assertTrue(any("Still down" in c and "<b>" not in c for c in self.comments()))

	def test_refusals_change_nothing(self):
		# not resolved yet
		status, _body = self.call("close_ticket", "2026-03-11 09:00:00")
		self.assertEqual(status, 409)
		self.resolve("A")
		late = frappe.utils.add_days("2026-03-11 12:00:01", REOPEN_DAYS)
		for method, data, expected in (
			("reopen_ticket", {"reason": "again"}, 409),  # past the period
			("reopen_ticket", {"reason": "  "}, 422),  # no reason
			("reopen_ticket", {}, 422),
		):
			with self.subTest(method=method, data=data):
				at = str(late) if data.get("reason") == "again" else "2026-03-12 09:00:00"
				status, _body = self.call(method, at, **data)
				self.assertEqual(status, expected)
				self.assertEqual(self.ticket().status, "Resolved")

	def test_another_customers_ticket_reads_as_not_found(self):
		self.resolve("B")
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-12 09:00:00"):
			status, _body = call_api("POST", API + "close_ticket", {"ticket": self.b.ticket})
		self.assertEqual(status, 404)
		self.assertEqual(frappe.db.get_value("HEZO Ticket", self.b.ticket, "status"), "Resolved")
