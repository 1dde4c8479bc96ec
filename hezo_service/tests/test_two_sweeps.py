"""Two sweeps at once (as two hosts' schedulers would run them), each on its own database connection:
the sweep's claim (`due_tickets`, FOR UPDATE SKIP LOCKED) hands every due ticket to exactly one of them.

The due tickets must be committed for the other connection to see them: bare rows (only what the claim
reads), deleted again, committed, at the end."""

from __future__ import annotations

import threading

import frappe
from frappe.utils import now_datetime

from hezo_service.scheduler import due_tickets
from hezo_service.services.common.timezone import now
from hezo_service.tests.factories import CommittedRowsTestCase, on_own_connection

PREFIX = "TWO-SWEEPS-"
TICKETS = 30


class TestTwoSweeps(CommittedRowsTestCase):
	committed = ("HEZO Ticket", PREFIX)

	def setUp(self) -> None:
		super().setUp()
		# due before any ticket a load run left on the site: the claims, oldest first, take these
		past, stamp = "2001-01-01 00:00:00", now_datetime()
		frappe.db.bulk_insert(
			"HEZO Ticket",
			fields=["name", "subject", "status", "next_check_at", "creation", "modified"],
			values=[(f"{PREFIX}{i:03d}", "due", "New", past, stamp, stamp) for i in range(TICKETS)],
		)
		frappe.db.commit()

	def test_each_due_ticket_is_claimed_by_one_sweep(self) -> None:
		claimed_both = threading.Barrier(2, timeout=30)
		claims: dict[int, list[str]] = {}
		errors: list[str] = []

		def sweep(host: int) -> None:
			# a batch of half the due tickets each: the second must skip the first's rows, not wait
			claims[host] = [n for n in due_tickets(now(), limit=TICKETS // 2) if n.startswith(PREFIX)]
			claimed_both.wait()  # both hold their row locks at once
			frappe.db.rollback()

		threads = [on_own_connection(lambda host=host: sweep(host), errors) for host in (1, 2)]
		for thread in threads:
			thread.join(60)
		self.assertEqual(errors, [])
		self.assertEqual(set(claims[1]) & set(claims[2]), set())
		self.assertEqual(len(claims[1]) + len(claims[2]), TICKETS)
