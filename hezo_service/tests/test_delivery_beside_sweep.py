"""The escalation delivery beside a sweep on another host, each on its own database connection: the
delivery claims the committed rows (FOR UPDATE SKIP LOCKED) and marks only those sent, so a level the
sweep has just inserted, not committed yet, neither blocks it nor is sent by it. (Found under load at
×1: the marking UPDATE scanned the whole table and waited on the sweep's new row while the sweep
waited on the delivery's gap lock, and MariaDB killed the sweep as the deadlock's victim.)

The delivered rows must be committed for the other connection to see them: bare rows (no ticket, so no
e-mail), deleted again, committed, at the end."""

from __future__ import annotations

import threading

import frappe
from frappe.utils import now_datetime

from hezo_service.services.tickets.escalation_delivery import deliver_pending
from hezo_service.tests.factories import CommittedRowsTestCase, on_own_connection

PREFIX = "DLV-BESIDE-"
COMMITTED = 600  # more than a batch (500): the marking UPDATE then names most of the table


def escalation(name: str) -> dict:
	stamp = now_datetime()
	return {
		"doctype": "HEZO Escalation",
		"name": name,
		"ticket": f"{PREFIX}TICKET",
		"clock": "response",
		"level": 1,
		"kind": "Automatic",
		"escalation_key": name,
		"at": stamp,
		"notified": "",
	}


class TestDeliveryBesideSweep(CommittedRowsTestCase):
	committed = ("HEZO Escalation", PREFIX)

	def setUp(self) -> None:
		super().setUp()
		stamp = "2001-01-01 00:00:00"  # older than any other pending row a site may hold: claimed first
		rows = [(f"{PREFIX}{i:04d}", f"{PREFIX}TICKET", "response", 1, "Automatic") for i in range(COMMITTED)]
		frappe.db.bulk_insert(
			"HEZO Escalation",
			fields=[
				"name",
				"ticket",
				"clock",
				"level",
				"kind",
				"escalation_key",
				"at",
				"creation",
				"modified",
			],
			values=[(*row, row[0], stamp, stamp, stamp) for row in rows],
		)
		frappe.db.commit()

	def test_the_delivery_marks_only_what_it_claimed(self) -> None:
		inserted, delivered = threading.Barrier(2, timeout=30), threading.Barrier(2, timeout=30)
		sent: list[str] = []
		counts: list[int] = []
		errors: list[str] = []

		def sweep() -> None:
			frappe.get_doc(escalation(f"{PREFIX}NEW")).db_insert()  # not committed
			inserted.wait()
			delivered.wait()
			frappe.db.rollback()

		def delivery() -> None:
			try:
				inserted.wait()
				frappe.db.sql("set session innodb_lock_wait_timeout = 3")  # a wait fails, not hangs
				counts.append(deliver_pending(commit=False))
				sent.extend(
					frappe.get_all(
						"HEZO Escalation",
						{"name": ["like", f"{PREFIX}%"], "sent_at": ["is", "set"]},
						pluck="name",
						order_by="name",
					)
				)
				frappe.db.rollback()
			finally:
				delivered.wait()  # the sweep's row goes only once the delivery is done

		threads = [on_own_connection(sweep, errors), on_own_connection(delivery, errors)]
		for thread in threads:
			thread.join(60)
		self.assertEqual(errors, [])
		self.assertEqual(counts, [500])  # a full batch, of committed rows only
		self.assertEqual(len(sent), 500)
		self.assertNotIn(f"{PREFIX}NEW", sent)
