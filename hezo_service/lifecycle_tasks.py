"""Daily jobs of the contract lifecycle (issue 6). Each is idempotent: run twice, the second run
changes nothing, sends nothing and bills nothing."""

from __future__ import annotations

import frappe

from hezo_service.services import billing, lifecycle, reminders, scheduled_work


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
	billing.run_billing(commit=True)
