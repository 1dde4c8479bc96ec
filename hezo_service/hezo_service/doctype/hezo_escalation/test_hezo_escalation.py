"""Escalation levels are sent once each; the sweep selects only tickets whose check time has come."""

from unittest.mock import patch

import frappe

from hezo_service.api import tickets as api
from hezo_service.scheduler import due_tickets, sweep_sla
from hezo_service.services.common.timezone import aware
from hezo_service.services.tickets import escalation
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
	make_user,
)


def sent(ticket: str) -> list[tuple[str, int, str]]:
	return [
		(e.clock, e.level, e.kind)
		for e in frappe.get_all(
			"HEZO Escalation", {"ticket": ticket}, ["clock", "level", "kind"], order_by="level"
		)
	]


class TestEscalation(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user("lead@myhezo.example", "HEZO Manager")
		make_user("boss@myhezo.example", "HEZO Manager")

	def setUp(self):
		super().setUp()
		settings = frappe.get_single("HEZO Settings")
		settings.team_lead, settings.manager = "lead@myhezo.example", "boss@myhezo.example"
		settings.save()
		customer = make_customer(NIPS[2])
		make_device("RB-9", customer, "Rally Bar", "Logitech")
		make_contract("HZ-PLUS-9", customer, "HEZO-PLUS", ["RB-9"])

	def test_levels_fire_at_their_thresholds_once_each(self):
		with self.freeze_time("2026-11-30 10:00:00", tick=False):  # one insert: stored at exactly 10:00
			ticket = make_ticket("RB-9", "HZ-PLUS-9", "Critical")  # response 1 h, 24x7
		self.assertEqual(str(ticket.next_check_at), "2026-11-30 10:45:00")  # 75 % used
		with self.freeze_time("2026-11-30 10:44:59"):
			self.assertNotIn(ticket.name, due_tickets(aware("2026-11-30 10:44:59")))
		with self.freeze_time("2026-11-30 10:45:00"):
			self.assertIn(ticket.name, due_tickets(aware("2026-11-30 10:45:00")))
			escalation.check_ticket(ticket.name)
			escalation.check_ticket(ticket.name)  # a second sweep at the same minute sends nothing
		self.assertEqual(sent(ticket.name), [("response", 1, "Automatic")])
		ticket.reload()
		self.assertEqual((ticket.sla_state, str(ticket.next_check_at)), ("At risk", "2026-11-30 11:00:00"))
		with self.freeze_time("2026-11-30 11:00:30"):
			escalation.check_ticket(ticket.name)
		ticket.reload()
		self.assertEqual((ticket.response_state, ticket.sla_state), ("Breached", "Breached"))
		self.assertEqual(sent(ticket.name), [("response", 1, "Automatic"), ("response", 2, "Automatic")])
		with self.freeze_time("2026-11-30 13:00:00"):  # a late sweep catches up on every level once
			escalation.check_ticket(ticket.name)
			escalation.check_ticket(ticket.name)
		self.assertEqual([level for _, level, _ in sent(ticket.name)], [1, 2, 3])
		ticket.reload()
		self.assertIsNone(ticket.next_check_at)  # nothing left to check: the sweep never selects it again
		self.assertEqual(ticket.escalation_level, 3)
		# the sweep only wrote the outbox; delivery sends each level's e-mail once
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": ticket.name}), 0)
		self.assertGreaterEqual(escalation.deliver_pending(commit=False), 3)  # with any other pending rows
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": ticket.name}), 3)
		escalation.deliver_pending(commit=False)
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": ticket.name}), 3)
		recipients = frappe.get_all(
			"Email Queue Recipient",
			{"parent": ["in", frappe.get_all("Email Queue", {"reference_name": ticket.name}, pluck="name")]},
			pluck="recipient",
		)
		self.assertIn("escalation@myhezo.pl", recipients)
		self.assertIn("boss@myhezo.example", recipients)
		breach_events = frappe.get_all(
			"HEZO SLA Event", {"ticket": ticket.name, "event": "Breached"}, pluck="clock"
		)
		self.assertEqual(breach_events, ["response"])

	def test_a_racing_sweep_that_already_sent_a_level_sends_nothing_more(self):
		with self.freeze_time("2026-11-30 10:00:00"):
			ticket = make_ticket("RB-9", "HZ-PLUS-9", "Critical")
		with self.freeze_time("2026-11-30 10:50:00"):
			ticket.reload()
			level_1 = escalation.clock_service.compute(ticket).thresholds[0]
			self.assertTrue(escalation.send_level(ticket, level_1, aware("2026-11-30 10:50:00")))
			self.assertFalse(escalation.send_level(ticket, level_1, aware("2026-11-30 10:50:00")))
		self.assertEqual(len(sent(ticket.name)), 1)

	def test_met_clock_stops_escalating(self):
		with self.freeze_time("2026-11-30 10:00:00"):
			ticket = make_ticket("RB-9", "HZ-PLUS-9", "Critical")
		with self.freeze_time("2026-11-30 10:30:00"):
			api.log_contact(ticket.name)
		ticket.reload()
		self.assertIsNone(ticket.next_check_at)
		with self.freeze_time("2026-11-30 12:00:00"):
			self.assertNotIn(ticket.name, due_tickets(aware("2026-11-30 12:00:00")))

	def test_sweep_processes_only_due_tickets(self):
		with self.freeze_time("2026-11-30 10:00:00"):
			early = make_ticket("RB-9", "HZ-PLUS-9", "Critical")
		with self.freeze_time("2026-11-30 10:40:00"):
			later = make_ticket("RB-9", "HZ-PLUS-9", "Critical", subject="second")
		with self.freeze_time("2026-11-30 10:46:00"):
			due = set(due_tickets(aware("2026-11-30 10:46:00"), limit=100_000))
			self.assertIn(early.name, due)
			self.assertNotIn(later.name, due)
			self.assertEqual(sweep_sla(commit=False), len(due))
		self.assertEqual(len(sent(early.name)), 1)
		self.assertEqual(sent(later.name), [])

	def test_manual_escalation_needs_a_reason(self):
		ticket = make_ticket("RB-9", "HZ-PLUS-9", "Question")
		with self.assertRaises(frappe.ValidationError):
			api.escalate(ticket.name, "  ")
		api.escalate(ticket.name, "Klient czeka od rana / customer waiting since morning")
		api.escalate(ticket.name, "Second call")
		self.assertEqual([k for *_, k in sent(ticket.name)], ["Manual", "Manual"])
		self.assertEqual(frappe.db.get_value("HEZO Ticket", ticket.name, "escalation_level"), 2)
		reasons = frappe.get_all("HEZO Escalation", {"ticket": ticket.name}, pluck="reason", order_by="level")
		self.assertEqual(reasons[1], "Second call")
		escalation.deliver_pending(commit=False)
		subjects = frappe.get_all("Email Queue", {"reference_name": ticket.name}, pluck="message")
		self.assertEqual(len(subjects), 2)
		self.assertTrue(any("Second call" in m for m in subjects))

	def test_delivery_costs_the_same_statements_for_one_row_or_many(self):
		ticket = make_ticket("RB-9", "HZ-PLUS-9", "Question")

		def deliver(rows: int) -> tuple[int, list]:
			for i in range(rows):
				escalation.escalate_manually(ticket.name, f"reason {i}")
			statements, jobs = [], []
			cursor = frappe.db._cursor
			original = cursor.execute
			cursor.execute = lambda query, args=None: statements.append(query) or original(query, args)
			try:
				with patch.object(frappe, "enqueue", lambda *a, **k: jobs.append(k)):
					self.assertGreaterEqual(escalation.deliver_pending(commit=False), rows)
			finally:
				del cursor.execute
			return statements, jobs

		deliver(1)  # with any other pending rows; warms the caches (metas, settings, e-mail account)
		one, jobs_one = deliver(1)
		six, jobs_six = deliver(6)
		self.assertEqual(len(one), len(six), "\n".join(six))
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": ticket.name}), 8)
		# the desk notifications of a batch are one job, to the recipients that are users
		self.assertEqual((len(jobs_one), len(jobs_six)), (1, 1))
		users = {u for users, _doc in jobs_six[0]["batch"] for u in users}
		self.assertEqual(users, {"lead@myhezo.example", "boss@myhezo.example"})
		self.assertEqual(len(jobs_six[0]["batch"]), 6)
		recipients = frappe.get_all(
			"Email Queue Recipient",
			{"parent": ["in", frappe.get_all("Email Queue", {"reference_name": ticket.name}, pluck="name")]},
			pluck="recipient",
		)
		self.assertEqual(len(recipients), 8 * 3)  # team lead, manager, escalation mailbox
