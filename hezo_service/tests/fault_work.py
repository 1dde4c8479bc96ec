"""Work for the fault tier (load_tests/kill_worker): generated contracts renewed by the desk, so a
billing run has invoices to write, and what the billing looks like afterwards."""

from __future__ import annotations

import frappe
from frappe.utils import today

from hezo_service.services.common import invariants
from hezo_service.tests.year_data import PREFIX


def pending_renewals(count: int = 60) -> int:
	"""Renew (the desk's Renew, committed) up to `count` generated contracts in force, each priced
	first (the generator leaves prices out); returns the billing lines now pending."""
	from hezo_service.services.billing.billable_lines import pending_lines
	from hezo_service.services.contracts.lifecycle import renew

	frappe.set_user("Administrator")
	names = frappe.get_all(
		"HEZO Contract",
		filters={
			"name": ["like", f"{PREFIX}-C-%"],
			"status": ["in", ["Active", "Expiring", "Lapsed"]],
			"renewed_to": ["is", "not set"],
		},
		pluck="name",
		order_by="name asc",
		limit=count,
	)
	for i, name in enumerate(names):
		frappe.db.set_value("HEZO Contract", name, "price", 1000 + i)
		renew(name)
		frappe.db.commit()
	return len(pending_lines(today()))


def billing_state() -> dict:
	"""What the billing holds now: the lines still pending, the HEZO invoices, and the violations of
	"every billable event on exactly one invoice line" up to today."""
	from hezo_service.services.billing.billable_lines import pending_lines

	return {
		"pending": len(pending_lines(today())),
		"invoices": frappe.db.count("Sales Invoice", {"hezo_billing_period": ["is", "set"]}),
		"violations": invariants.billed_once(today()),
	}
