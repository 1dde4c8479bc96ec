"""Two sweeps at once (as two hosts' schedulers would run them), each on its own database connection:
the sweep's claim (`due_tickets`, FOR UPDATE SKIP LOCKED) hands every due ticket to exactly one of them.

The due tickets must be committed for the other connection to see them: bare rows (only what the claim
reads), deleted again, committed, at the end."""

from __future__ import annotations

import threading

import frappe
from frappe.utils import add_to_date, now_datetime

from hezo_service.scheduler import due_tickets
from hezo_service.services.common.timezone import now
from hezo_service.tests.factories import HEZOTestCase

PREFIX = "TWO-SWEEPS-"
TICKETS = 30


class TestTwoSweeps(HEZOTestCase):
	def setUp(self) -> None:
		super().setUp()
		self.purge()
		past, stamp = add_to_date(now_datetime(), hours=-1), now_datetime()
		frappe.db.bulk_insert(
			"HEZO Ticket",
			fields=["name", "subject", "status", "next_check_at", "creation", "modified"],
			values=[(f"{PREFIX}{i:03d}", "due", "New", past, stamp, stamp) for i in range(TICKETS)],
		)
		frappe.db.commit()

	def tearDown(self) -> None:
		self.purge()
		frappe.db.savepoint("hezo_test")
		super().tearDown()

	@staticmethod
	def purge() -> None:
		frappe.db.delete("HEZO Ticket", {"name": ["like", f"{PREFIX}%"]})
		frappe.db.commit()

	def test_each_due_ticket_is_claimed_by_one_sweep(self) -> None:
		site, sites_path = frappe.local.site, frappe.local.sites_path
		claimed_both = threading.Barrier(2, timeout=30)
		claims: dict[int, list[str]] = {}
		errors: list[str] = []

		def sweep(host: int) -> None:
			try:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				# a batch of half the due tickets each: the second must skip the first's rows, not wait
				claims[host] = [n for n in due_tickets(now(), limit=TICKETS // 2) if n.startswith(PREFIX)]
				claimed_both.wait()  # both hold their row locks at once
				frappe.db.rollback()
			except Exception as error:  # a thread's failure must fail the test
				errors.append(repr(error))
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=sweep, args=(host,)) for host in (1, 2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(60)
		self.assertEqual(errors, [])
		self.assertEqual(set(claims[1]) & set(claims[2]), set())
		self.assertEqual(len(claims[1]) + len(claims[2]), TICKETS)
