"""What a customer does in the portal, each checked in the database: tickets for their own covered
devices only, replies, private attachments (size and type checked), escalation, answering a proposed
later delivery date, the out-of-hours notice."""

from __future__ import annotations

from io import BytesIO

import frappe
from frappe.utils import set_request

from hezo_service.api import portal as api
from hezo_service.services.portal import pages
from hezo_service.services.portal.actions import PortalInputError
from hezo_service.services.portal.scope import NotFoundInPortal
from hezo_service.tests.portal_fixtures import PortalWorldTestCase


class TestPortalActions(PortalWorldTestCase):
	def counts(self):
		return tuple(frappe.db.count(d) for d in ("HEZO Ticket", "File", "Communication", "HEZO Escalation"))

	def test_ticket_for_own_covered_device(self):
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-11 10:00:00", tick=False):  # one insert: stored at exactly 10:00
			result = api.create_ticket(self.a.serial, self.a.contract, "Critical", "Bar offline", "No video")
		ticket = frappe.get_doc("HEZO Ticket", result["name"])
		self.assertEqual(
			(ticket.customer, ticket.channel, ticket.device), (self.a.customer, "Portal", self.a.serial)
		)
		self.assertEqual(ticket.reporter_email, self.a.user)
		self.assertEqual(str(ticket.response_due), "2026-03-11 11:00:00")

	def test_forged_ticket_for_another_customers_device_changes_nothing(self):
		frappe.set_user(self.a.user)
		before = self.counts()
		for serial, contract in (
			(self.b.serial, self.b.contract),  # B's device and contract
			(self.b.serial, self.a.contract),  # B's device under A's contract
			("NOSUCH", self.b.contract),
		):
			with self.subTest(serial=serial, contract=contract):
				with self.assertRaises(
					frappe.ValidationError if contract == self.a.contract else NotFoundInPortal
				) as raised:
					api.create_ticket(serial, contract, "Critical", "forged", "")
				self.assertIn(raised.exception.http_status_code, (404, 422))
				self.assertNotIn("Portal B", str(raised.exception))
		self.assertEqual(before, self.counts())

	def test_attachments_checked_and_private_to_the_customer(self):
		frappe.set_user(self.a.user)
		before = self.counts()
		for name, size, fragment in (
			("huge.log", 10 * 1024 * 1024 + 1, "10 MB"),
			("setup.exe", 100, "exe"),
			("noextension", 100, "noextension"),
			("empty.log", 0, "empty"),
		):
			with self.subTest(name=name):
				with self.assertRaises(PortalInputError) as raised:
					self.upload(self.a.ticket, name, b"x" * size)
				self.assertEqual(raised.exception.http_status_code, 422)
				self.assertIn(fragment, str(raised.exception))
		self.assertEqual(before, self.counts())
		saved = self.upload(self.a.ticket, "router.log", b"kernel: link down")
		file = frappe.get_doc("File", saved["name"])
		self.assertEqual((file.is_private, file.attached_to_name), (1, self.a.ticket))
		self.assertTrue(file.file_url.startswith("/private/files/"))
		self.assertFalse(frappe.has_permission("File", "read", doc=file, user=self.b.user))
		with self.assertRaises(NotFoundInPortal):  # B cannot attach to A's ticket
			frappe.set_user(self.b.user)
			self.upload(self.a.ticket, "evil.log", b"x")

	def upload(self, ticket, filename, content):
		set_request(
			method="POST",
			path="/api/method/hezo_service.api.portal.attach",
			data={"file": (BytesIO(content), filename), "ticket": ticket},
		)
		frappe.local.form_dict = frappe._dict(ticket=ticket)
		try:
			return api.attach(ticket)
		finally:
			frappe.local.request = None

	def test_reply_is_a_customer_message(self):
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-11 10:00:00", tick=False):  # the message's time is exactly 10:00
			name = api.reply(self.a.ticket, "Still broken <script>x</script>")["communication"]
		communication = frappe.get_doc("Communication", name)
		self.assertEqual(
			(communication.sent_or_received, communication.reference_name), ("Received", self.a.ticket)
		)
		self.assertNotIn("<script>", communication.content)
		self.assertEqual(
			str(frappe.db.get_value("HEZO Ticket", self.a.ticket, "last_customer_message_at")),
			"2026-03-11 10:00:00",
		)
		with self.assertRaises(PortalInputError):
			api.reply(self.a.ticket, "   ")

	def test_escalate_with_reason(self):
		frappe.set_user(self.a.user)
		name = api.escalate(self.a.ticket, "Nobody called back")["escalation"]
		row = frappe.get_doc("HEZO Escalation", name)
		self.assertEqual(
			(row.ticket, row.kind, row.by_user, row.reason),
			(self.a.ticket, "Manual", self.a.user, "Nobody called back"),
		)
		with self.assertRaises(frappe.ValidationError):
			api.escalate(self.a.ticket, " ")

	def confirmed_ticket_with_proposal(self, when="2026-03-20 12:00:00"):
		with self.freeze_time("2026-03-11 09:00:00"):
			ticket = frappe.get_doc("HEZO Ticket", self.a.ticket)
			ticket.interview_done = ticket.tests_done = 1
			ticket.status = "Confirmed"
			ticket.save()
			proposal = frappe.get_doc(
				{
					"doctype": "HEZO Delivery Proposal",
					"ticket": ticket.name,
					"proposed_delivery_at": when,
					"note": "No stock",
				}
			).insert()
		return proposal

	def test_accept_later_delivery_date(self):
		proposal = self.confirmed_ticket_with_proposal()
		self.assertEqual(proposal.status, "Proposed")
		frappe.set_user(self.b.user)
		with self.assertRaises(NotFoundInPortal):
			api.answer_delivery_proposal(proposal.name, 1)
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-11 10:00:00"):
			api.answer_delivery_proposal(proposal.name, 1)
		ticket = frappe.get_doc("HEZO Ticket", self.a.ticket)
		self.assertEqual(str(ticket.agreed_delivery_at), "2026-03-20 12:00:00")
		self.assertEqual(str(ticket.delivery_due), "2026-03-20 12:00:00")
		self.assertIn(self.a.user, ticket.agreed_by)
		self.assertEqual(frappe.db.get_value("HEZO Delivery Proposal", proposal.name, "status"), "Accepted")
		with self.assertRaises(PortalInputError):
			api.answer_delivery_proposal(proposal.name, 0)

	def test_refuse_later_delivery_date(self):
		proposal = self.confirmed_ticket_with_proposal()
		due = frappe.db.get_value("HEZO Ticket", self.a.ticket, "delivery_due")
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-11 10:00:00"):
			api.answer_delivery_proposal(proposal.name, 0, "Too late for us")
		ticket = frappe.get_doc("HEZO Ticket", self.a.ticket)
		self.assertIsNone(ticket.agreed_delivery_at)
		self.assertEqual(ticket.delivery_due, due)
		self.assertEqual(frappe.db.get_value("HEZO Delivery Proposal", proposal.name, "status"), "Refused")

	def test_out_of_hours_ticket_is_accepted_and_says_when_response_is_due(self):
		frappe.set_user(self.a.user)
		with self.freeze_time("2026-03-14 10:00:00"):  # Saturday: the 8x5 window is closed
			late = api.create_ticket(self.a.serial, self.a.contract, "Non-critical", "Slow", "")["name"]
			context = pages.ticket(late)
		self.assertTrue(context["out_of_hours"])
		self.assertEqual(str(context["ticket"].response_due), "2026-03-16 10:00:00")
		with self.freeze_time("2026-03-14 10:00:00"):
			critical = api.create_ticket(self.a.serial, self.a.contract, "Critical", "Down", "")["name"]
			self.assertFalse(pages.ticket(critical)["out_of_hours"])  # 24x7
		with self.freeze_time("2026-03-16 10:00:00"):  # Monday, in the window
			inside = api.create_ticket(self.a.serial, self.a.contract, "Non-critical", "Slow", "")["name"]
			self.assertFalse(pages.ticket(inside)["out_of_hours"])

	def test_dashboard_renewal_state(self):
		# the lifecycle status is the source of truth: the daily job marks the contract Expiring
		from hezo_service.services.contracts.lifecycle import update_statuses

		with self.freeze_time("2026-11-15 10:00:00"):
			update_statuses()
			frappe.set_user(self.a.user)
			context = pages.dashboard()
		(contract,) = (c for c in context["contracts"] if c.name == self.a.contract)
		self.assertEqual(
			contract.renewal,
			{"state": "expiring", "days_left": 46, "renewed_to": None, "renewed_until": None},
		)
		self.assertEqual([c.customer_name for c in context["customers"]], ["Portal A PRT Sp. z o.o."])
		self.assertEqual([t["name"] for t in context["tickets"]], [self.a.ticket])
		self.assertTrue(context["tickets"][0]["clocks"])
