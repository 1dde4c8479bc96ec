"""Intake rules and every clock through its lifecycle, with frozen time."""

from datetime import timedelta

import frappe
from frappe.utils import get_datetime

from hezo_service.api import tickets as api
from hezo_service.services.tickets.intake import ContractLapsedError, MissingDetailsError, NotCoveredError
from hezo_service.services.tickets.ticket_flow import StatusFlowError, VerificationIncompleteError
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)

# a device is an ERPNext Serial No: ERPNext's own test records for it (and its Item, Company,
# accounts) assume ERPNext's test company, which a site set up for the distributor does not have
test_ignore = ["Serial No"]


def events(ticket: str) -> list[tuple[str, str]]:
	return [
		(e.clock, e.event)
		for e in frappe.get_all(
			"HEZO SLA Event", {"ticket": ticket}, ["clock", "event"], order_by="creation, name"
		)
	]


def communicate(ticket: str, direction: str, at: str, content: str = "...") -> None:
	comm = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": direction,
			"reference_doctype": "HEZO Ticket",
			"reference_name": ticket,
			"subject": "Re",
			"content": content,
			"communication_date": at,
			"sender": "customer@example.com",
		}
	)
	comm.insert(ignore_permissions=True)


class TestIntake(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[0])
		make_device("FG-1", self.customer)
		make_device("FG-2", self.customer)
		make_device("FG-OLD", self.customer)
		make_contract("HZ-360-1", self.customer, "HEZO-360", ["FG-1"])
		make_contract(
			"HZ-360-OLD", self.customer, "HEZO-360", ["FG-OLD"], "2025-01-01", "2025-12-31", "Lapsed"
		)

	def test_phone_ticket_with_matching_serial_and_contract_is_accepted(self):
		# one insert, so the clock may stand still: what it stores is exactly the frozen time
		with self.freeze_time("2026-11-23 10:00:00", tick=False):
			ticket = make_ticket(" fg-1 ", "hz-360-1", "non-critical", reporter_name="Jan Kowalski")
		self.assertEqual((ticket.serial_no, ticket.contract, ticket.device), ("FG-1", "HZ-360-1", "FG-1"))
		self.assertEqual(
			(ticket.customer, ticket.plan, ticket.priority), (self.customer, "HEZO-360", "Non-critical")
		)
		self.assertEqual((ticket.status, ticket.channel), ("New", "Phone"))
		self.assertEqual(str(ticket.clock_started_at), "2026-11-23 10:00:00")
		self.assertEqual(str(ticket.response_due), "2026-11-23 11:00:00")
		self.assertEqual(ticket.response_state, "Running")
		self.assertEqual(events(ticket.name), [("response", "Started")])

	def test_missing_serial_or_contract_is_refused(self):
		with self.assertRaises(MissingDetailsError):
			make_ticket("", "HZ-360-1")
		with self.assertRaises(MissingDetailsError):
			make_ticket("FG-1", "")

	def test_device_not_on_the_contract_is_refused(self):
		with self.assertRaises(NotCoveredError) as error:
			make_ticket("FG-2", "HZ-360-1")
		self.assertIn("FG-2", str(error.exception))
		with self.assertRaises(NotCoveredError):
			make_ticket("FG-1", "HZ-NOPE")

	def test_lapsed_contract_says_reactivation_is_possible(self):
		with self.assertRaises(ContractLapsedError) as error:
			make_ticket("FG-OLD", "HZ-360-OLD")
		self.assertIn("Reactivation is possible", str(error.exception))
		self.assertEqual(ContractLapsedError.http_status_code, 422)

	def test_priority_comes_from_the_plan_scheme(self):
		with self.assertRaises(frappe.ValidationError) as error:
			make_ticket("FG-1", "HZ-360-1", "P1")
		self.assertIn("Critical, Non-critical, Question", str(error.exception))

	def test_api_intake_reports_clocks(self):
		with self.freeze_time("2026-11-27 16:30:00", tick=False):  # Friday
			result = api.create_ticket("FG-1", "HZ-360-1", "Pytanie o VPN", "Question", channel="API")
		self.assertEqual(str(result["response_due"]), "2026-11-30 10:30:00")  # 2 h of 8x5
		self.assertIsNone(result["delivery_kind"])
		self.assertEqual(frappe.db.get_value("HEZO Ticket", result["name"], "channel"), "API")


def delivery_after_confirmation(ticket) -> timedelta:
	"""The delivery due time counted from the confirmation as stored."""
	return get_datetime(ticket.delivery_due) - get_datetime(ticket.validity_confirmed_at)


class TestClocks(HEZOTestCase):
	def setUp(self):
		super().setUp()
		customer = make_customer(NIPS[1])
		make_device("RB-1", customer, "Rally Bar", "Logitech")
		make_device("HW-1", customer, "S5735", "Huawei")
		make_contract("HZ-PLUS-1", customer, "HEZO-PLUS", ["RB-1"])
		make_contract("HZ-AHB-1", customer, "AHB-8X5-NBD", ["HW-1"])

	def test_response_met_by_first_reply(self):
		with self.freeze_time("2026-11-27 16:30:00", tick=False):  # Friday, Non-critical: 1 h of 8x5
			ticket = make_ticket("RB-1", "HZ-PLUS-1", "Non-critical")
		self.assertEqual(str(ticket.response_due), "2026-11-30 09:30:00")
		with self.freeze_time("2026-11-30 09:10:00"):
			communicate(ticket.name, "Sent", "2026-11-30 09:10:00")
		ticket.reload()
		self.assertEqual((ticket.response_state, ticket.status), ("Met", "In Progress"))
		self.assertEqual(str(ticket.first_response_at), "2026-11-30 09:10:00")
		self.assertIn(("response", "Met"), events(ticket.name))

	def test_late_reply_is_a_breach(self):
		with self.freeze_time("2026-11-30 10:00:00"):
			ticket = make_ticket("RB-1", "HZ-PLUS-1", "Critical")  # 1 h, 24x7
		with self.freeze_time("2026-11-30 11:30:00"):
			api.log_contact(ticket.name, "called back")
		ticket.reload()
		self.assertEqual(ticket.response_state, "Breached")
		self.assertEqual(ticket.sla_state, "Breached")

	def test_follow_up_is_rearmed_by_customer_messages(self):
		with self.freeze_time("2026-11-30 10:00:00"):
			ticket = make_ticket("RB-1", "HZ-PLUS-1", "Non-critical")
			communicate(ticket.name, "Sent", "2026-11-30 10:10:00")
		with self.freeze_time("2026-11-30 16:00:00"):
			communicate(ticket.name, "Received", "2026-11-30 16:00:00")
		ticket.reload()
		# 2 h of 8x5 from 16:00 Monday: 1 h that day, 1 h Tuesday
		self.assertEqual(
			(str(ticket.follow_up_due), ticket.follow_up_state), ("2026-12-01 10:00:00", "Running")
		)
		with self.freeze_time("2026-12-01 09:30:00"):
			communicate(ticket.name, "Sent", "2026-12-01 09:30:00")
		ticket.reload()
		self.assertEqual(ticket.follow_up_state, "Met")
		with self.freeze_time("2026-12-01 12:00:00"):
			communicate(ticket.name, "Received", "2026-12-01 12:00:00")
		ticket.reload()
		self.assertEqual(
			(str(ticket.follow_up_due), ticket.follow_up_state), ("2026-12-01 14:00:00", "Running")
		)

	def test_verification_checklist_then_delivery_with_cut_off(self):
		with self.freeze_time("2026-11-24 14:00:00"):
			ticket = make_ticket("HW-1", "HZ-AHB-1", "Critical")
			ticket.status = "Verification"
			ticket.save()
		with self.freeze_time("2026-11-24 15:00:01"), self.assertRaises(VerificationIncompleteError):
			api.confirm_validity(ticket.name)
		ticket.reload()
		ticket.interview_done = 1
		ticket.logs_received = 1
		ticket.save()
		with self.freeze_time("2026-11-24 15:00:01"):  # one second past the cut-off
			api.confirm_validity(ticket.name)
		ticket.reload()
		self.assertEqual(ticket.status, "Confirmed")
		self.assertEqual((ticket.delivery_kind, str(ticket.delivery_due)), ("nbd", "2026-11-26 17:00:00"))
		self.assertEqual(ticket.delivery_state, "Running")

	def test_later_date_accepted_by_the_customer_replaces_the_due_time(self):
		ticket = self._confirmed_plus_ticket("2026-11-30 10:00:00")
		self.assertEqual(delivery_after_confirmation(ticket), timedelta(hours=8))  # Critical 24x7
		with self.freeze_time("2026-11-30 11:00:00"):
			api.accept_later_delivery(ticket.name, "2026-12-02 12:00:00", "Jan Kowalski (phone)")
		ticket.reload()
		self.assertEqual(str(ticket.delivery_due), "2026-12-02 12:00:00")
		self.assertEqual(ticket.agreed_by, "Jan Kowalski (phone)")
		self.assertIn(("delivery", "Due changed"), events(ticket.name))
		with self.freeze_time("2026-12-02 11:00:00"):
			ticket.delivered_at = "2026-12-02 11:00:00"
			ticket.save()
		self.assertEqual(ticket.delivery_state, "Met")

	def test_awaiting_customer_pauses_delivery(self):
		ticket = self._confirmed_plus_ticket("2026-11-30 10:00:00")
		unpaused_due = get_datetime(ticket.delivery_due)
		with self.freeze_time("2026-11-30 12:00:00"):
			ticket.status = "Awaiting Customer"
			ticket.save()
		self.assertEqual((ticket.delivery_state, ticket.next_check_at), ("Paused", None))
		with self.freeze_time("2026-11-30 15:00:00"):
			ticket.status = "In Progress"
			ticket.save()
		# the frozen clock ticks, so the confirmation and the pause may fall a second later under load
		pause = ticket.pauses[0]
		paused = get_datetime(pause.resumed_at) - get_datetime(pause.paused_at)
		self.assertAlmostEqual(paused.total_seconds(), 3 * 3600, delta=2)
		self.assertEqual(get_datetime(ticket.delivery_due), unpaused_due + paused)  # 3 h paused
		self.assertEqual(ticket.delivery_state, "Running")
		self.assertIn(("delivery", "Paused"), events(ticket.name))

	def test_status_flow_refuses_impossible_moves(self):
		ticket = make_ticket("RB-1", "HZ-PLUS-1", "Question")
		ticket.status = "Closed"
		ticket.save()
		self.assertTrue(ticket.closed_at)
		self.assertEqual(ticket.next_check_at, None)
		ticket.status = "In Progress"
		with self.assertRaises(StatusFlowError):
			ticket.save()

	def _confirmed_plus_ticket(self, at: str):
		"""Confirmed through several saves, so under the ticking clock: the confirmation is stored a moment
		after `at`; compare with it (delivery_after_confirmation), not with `at`."""
		with self.freeze_time(at):
			ticket = make_ticket("RB-1", "HZ-PLUS-1", "Critical")
			api.log_contact(ticket.name)
			ticket.reload()
			ticket.interview_done = ticket.tests_done = 1
			ticket.status = "Verification"
			ticket.save()
			ticket.status = "Confirmed"
			ticket.save()
		return ticket
