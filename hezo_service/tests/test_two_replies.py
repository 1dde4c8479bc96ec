"""A customer's message on a ticket whose row another request changed since this one began (two people
of the customer replying at once, or a reply and the desk's save): the message is recorded and the
ticket follows it, never refused as "modified after you opened it".

The other request is a thread on its own connection that begins its transaction (its snapshot) before
the ticket changes; its data must be committed for it to see: made, committed and deleted again here."""

from __future__ import annotations

import random
import threading

import frappe

from hezo_service.tests.factories import HEZOTestCase, make_contract, make_customer, make_device, make_ticket
from hezo_service.tests.year_data import nip

SERIAL, CONTRACT = "TWO-REPLIES-1", "TWO-REPLIES-C1"


def customer_message(ticket: str, text: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Other",
				"sent_or_received": "Received",
				"subject": f"Re: [{ticket}]",
				"content": text,
				"sender": "it@customer.example",
				"reference_doctype": "HEZO Ticket",
				"reference_name": ticket,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestTwoReplies(HEZOTestCase):
	def setUp(self) -> None:
		super().setUp()
		self.customer = make_customer(nip(random.Random(4242)), name="Two Replies Sp. z o.o.")
		make_device(SERIAL, self.customer)
		make_contract(CONTRACT, self.customer, "HEZO-360", [SERIAL])
		self.ticket = make_ticket(SERIAL, CONTRACT).name
		frappe.db.commit()

	def tearDown(self) -> None:
		frappe.db.rollback()
		for doctype, filters in (
			("Communication", {"reference_name": self.ticket}),
			("HEZO SLA Event", {"ticket": self.ticket}),
			("HEZO Escalation", {"ticket": self.ticket}),
			("HEZO Ticket", {"name": self.ticket}),
			("HEZO Contract Device", {"parent": CONTRACT}),
			("HEZO Contract", {"name": CONTRACT}),
			("Serial No", {"name": SERIAL}),
			("Customer", {"name": self.customer}),
		):
			frappe.db.delete(doctype, filters)
		frappe.db.commit()
		frappe.db.savepoint("hezo_test")
		super().tearDown()

	def test_a_message_on_a_ticket_changed_since_the_request_began(self) -> None:
		site, sites_path = frappe.local.site, frappe.local.sites_path
		began, changed = threading.Event(), threading.Event()
		errors: list[str] = []

		def other_request() -> None:
			try:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				frappe.set_user("Administrator")
				frappe.get_doc("HEZO Ticket", self.ticket)  # the request's snapshot begins here
				began.set()
				changed.wait(30)
				customer_message(self.ticket, "Second message")
				frappe.db.commit()
			except Exception as error:  # a thread's failure must fail the test
				errors.append(repr(error))
				frappe.db.rollback()
			finally:
				began.set()
				frappe.destroy()

		thread = threading.Thread(target=other_request)
		thread.start()
		self.assertTrue(began.wait(30))
		customer_message(self.ticket, "First message")  # saves the ticket after the thread's snapshot
		frappe.db.commit()
		changed.set()
		thread.join(60)
		self.assertEqual(errors, [])
		self.assertEqual(frappe.db.count("Communication", {"reference_name": self.ticket}), 2)
