"""Scheduler jobs."""

from __future__ import annotations

import frappe

from hezo_service.services.escalation import check_ticket
from hezo_service.services.escalation_delivery import deliver_pending
from hezo_service.services.timezone import now, stored

SWEEP_BATCH = 200
SWEEP_MAX_BATCHES = 50


def due_tickets(at, limit: int = SWEEP_BATCH) -> list[str]:
	"""The one indexed query of the sweep: tickets whose next SLA check has come. SKIP LOCKED lets two
	sweeps run at once without waiting on, or double-processing, each other's rows."""
	return frappe.db.sql(
		"""select name from `tabHEZO Ticket`
		where next_check_at <= %s
		order by next_check_at
		limit %s
		for update skip locked""",
		(stored(at), limit),
		pluck=True,
	)


def sweep_sla(commit: bool = True) -> int:
	"""Every minute: escalate and refresh only the tickets that crossed a threshold. Commits per batch
	(row locks end there); `commit=False` keeps everything in the caller's transaction (tests)."""
	at = now()
	processed = 0
	for _batch in range(SWEEP_MAX_BATCHES):
		names = due_tickets(at)
		for name in names:
			check_ticket(name, at)
		if commit:
			frappe.db.commit()
		processed += len(names)
		if len(names) < SWEEP_BATCH or not commit:
			break
	return processed


def deliver_escalations() -> int:
	"""Every minute, the safety net of the after-commit delivery job: notifications of escalations
	committed but not sent (e.g. the queue was unreachable at that moment)."""
	return deliver_pending()


# --- RMA (issue 4) ---------------------------------------------------------------------------------


def rma_daily() -> None:
	"""Daily: return reminders and charges (each once), and the low-stock check of every model."""
	from hezo_service.services.rma_returns import run_daily
	from hezo_service.services.spare_stock import check_low_stock

	run_daily()
	check_low_stock()
	frappe.db.commit()
