"""Every scheduled job of the app, in one place (hooks.py `scheduler_events` names these).

Each job is set-based and idempotent: run twice, or after a crash half-way, the second run changes
nothing, sends nothing and bills nothing (docs/decisions.md)."""

from __future__ import annotations

import frappe

from hezo_service.services.billing import sales_invoices
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts import lifecycle, reminders, scheduled_work
from hezo_service.services.tickets.escalation import check_ticket
from hezo_service.services.tickets.escalation_delivery import deliver_pending

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


def sweep_sla(commit: bool = True, batch: int = SWEEP_BATCH) -> int:
	"""Every minute: escalate and refresh only the tickets that crossed a threshold. Commits per batch
	(row locks end there); `commit=False` keeps everything in the caller's transaction (tests)."""
	at = now()
	processed = 0
	for _batch in range(SWEEP_MAX_BATCHES):
		names = due_tickets(at, batch)
		for name in names:
			check_ticket(name, at)
		if commit:
			frappe.db.commit()
		processed += len(names)
		if len(names) < batch or not commit:
			break
	return processed


def deliver_escalations() -> int:
	"""Every minute, the safety net of the after-commit delivery job: notifications of escalations
	committed but not sent (e.g. the queue was unreachable at that moment)."""
	return deliver_pending()


def rma_daily() -> None:
	"""Daily: return reminders and charges (each once), and the low-stock check of every model."""
	from hezo_service.services.rma.rma_returns import run_daily
	from hezo_service.services.rma.spare_stock import check_low_stock

	run_daily()
	check_low_stock()
	frappe.db.commit()


def daily_contract_statuses() -> None:
	lifecycle.update_statuses()
	frappe.db.commit()


def daily_renewal_reminders() -> None:
	reminders.send_renewal_reminders(commit=True)


def daily_scheduled_work() -> None:
	scheduled_work.schedule_missing(commit=True)
	scheduled_work.mark_overdue()
	frappe.db.commit()


def daily_billing() -> None:
	sales_invoices.run_billing(commit=True)
