"""Quotas: uses of a quota kind counted per contract year, the one past the limit flagged billable
(billed once by services/billing, hezo_contract/test_billing.py)."""

import frappe

from hezo_service.services.contracts import quotas
from hezo_service.tests.factories import (
	NIPS,
	HEZOTestCase,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
)


def resolve(ticket) -> None:
	ticket.reload()
	ticket.status = "Resolved"
	ticket.save()


class TestQuotas(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.customer = make_customer(NIPS[4])
		make_device("FGQ-1", self.customer)
		self.plan = frappe.get_doc("HEZO Service Plan", "HEZO-360")
		self.plan.quotas[0].over_quota_price = 350
		self.plan.save()
		make_contract("QT-1", self.customer, "HEZO-360", ["FGQ-1"], "2026-03-01", "2028-02-29")

	def change(self, at: str):
		with self.freeze_time(at):
			ticket = make_ticket("FGQ-1", "QT-1", "Question", request_kind="remote_config_change")
			resolve(ticket)
		return ticket.reload()

	def test_sixth_change_in_a_contract_year_is_billable_and_counted_once(self):
		tickets = [self.change(f"2026-04-{day:02d} 10:00:00") for day in (1, 2, 3, 6, 7, 8)]
		self.assertEqual([t.quota_position for t in tickets], [1, 2, 3, 4, 5, 6])
		self.assertEqual([t.quota_billable for t in tickets], [0, 0, 0, 0, 0, 1])
		# re-saving a fulfilled ticket does not consume again
		tickets[0].status = "Closed"
		tickets[0].save()
		self.assertEqual(tickets[0].reload().quota_position, 1)
		with self.freeze_time("2026-04-09 10:00:00"):
			usage = quotas.quota_usage("QT-1")
		self.assertEqual(
			{k: usage[0][k] for k in ("kind", "limit", "used", "remaining", "over", "contract_year")},
			{
				"kind": "remote_config_change",
				"limit": 5,
				"used": 6,
				"remaining": 0,
				"over": 1,
				"contract_year": 1,
			},
		)
		# a new contract year starts a new count
		self.assertEqual(self.change("2027-03-02 10:00:00").quota_billable, 0)

	def test_an_open_ticket_or_another_kind_consumes_nothing(self):
		with self.freeze_time("2026-04-01 10:00:00"):
			open_ticket = make_ticket("FGQ-1", "QT-1", "Question", request_kind="remote_config_change")
			other = make_ticket("FGQ-1", "QT-1", "Question")
			resolve(other)
		self.assertEqual((open_ticket.reload().quota_position, other.reload().quota_position), (0, 0))
