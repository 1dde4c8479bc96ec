"""The customer's resolved and closed tickets at /hezo/tickets: its own only, searchable by number,
subject or serial, a page at a time with the same statements however many there are."""

from __future__ import annotations

import frappe

from hezo_service.hezo_service.doctype.hezo_portal_access.test_portal_pages import Counted, request
from hezo_service.services.portal.paging import PAGE_SIZE
from hezo_service.tests.factories import make_ticket
from hezo_service.tests.portal_fixtures import PortalWorldTestCase


class TestPortalTicketHistory(PortalWorldTestCase):
	prefix = "PTH"

	def resolve(self, name: str) -> None:
		ticket = frappe.get_doc("HEZO Ticket", name)
		ticket.status = "Resolved"
		ticket.save()

	def page(self, **query) -> str:
		frappe.set_user(self.a.user)
		frappe.local.lang = "en"
		response = request("hezo/tickets", **query)
		self.assertEqual(response.status_code, 200)
		return response.get_data(as_text=True)

	def test_own_resolved_and_closed_tickets_only_and_search(self):
		frappe.set_user("Administrator")
		with self.freeze_time("2026-03-12 10:00:00"):
			self.resolve(self.a.ticket)
			self.resolve(self.b.ticket)
			still_open = make_ticket(self.a.serial, self.a.contract, "Non-critical", subject="Fan noise")
		html = self.page()
		self.assertIn(f'data-ticket="{self.a.ticket}"', html)
		self.assertNotIn(self.b.ticket, html)
		self.assertNotIn(still_open.name, html)  # open tickets are the dashboard's
		self.assertIn(f'data-ticket="{self.a.ticket}"', self.page(q="Down A"))
		self.assertIn(f'data-ticket="{self.a.ticket}"', self.page(q=self.a.serial.lower()))
		self.assertNotIn('data-ticket="', self.page(q="no such thing"))
		# markup typed into the search is text, never HTML
		self.assertNotIn("<script>x</script>", self.page(q="<script>x</script>"))

	def test_statements_do_not_grow_with_the_history(self):
		frappe.set_user("Administrator")
		with self.freeze_time("2026-03-12 10:00:00"):
			self.resolve(self.a.ticket)
		self.page()
		with Counted() as few:
			self.page()
		frappe.set_user("Administrator")
		with self.freeze_time("2026-03-12 11:00:00"):
			for _ in range(PAGE_SIZE + 1):
				self.resolve(make_ticket(self.a.serial, self.a.contract, "Non-critical").name)
		self.page()  # warm again: the user changed in between
		with Counted() as many:
			html = self.page()
		self.assertEqual(many.statements, few.statements)
		self.assertEqual(html.count('<tr data-ticket="'), PAGE_SIZE)
		self.assertIn("tickets_page=2", html)
		self.assertEqual(self.page(tickets_page="2").count('<tr data-ticket="'), 2)
