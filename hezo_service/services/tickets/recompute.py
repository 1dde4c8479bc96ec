"""Recompute the clocks of open tickets after a calendar or plan changed: one deduplicated
background job, in batches, committing per batch (a crash resumes cleanly: each ticket's columns are
recomputed from its facts, so doing one twice changes nothing)."""

from __future__ import annotations

import frappe

from hezo_service.services.common.timezone import now
from hezo_service.services.contracts.catalogue import VERSION_KEY, catalogue_changed
from hezo_service.services.tickets import clocks as clock_service
from hezo_service.services.tickets.escalation import refresh_columns

JOB_ID = "hezo_service:recompute_clocks"
BATCH = 500


def catalogue_saved(doc=None, method=None) -> None:
	"""on_update of HEZO Calendar / HEZO Service Plan."""
	catalogue_changed()
	frappe.enqueue(
		"hezo_service.services.tickets.recompute.recompute_open_tickets",
		queue="long",
		job_id=JOB_ID,
		deduplicate=True,
		enqueue_after_commit=True,
	)


def recompute_open_tickets(batch_size: int = BATCH, max_rounds: int = 3, commit: bool = True) -> int:
	"""Returns the number of tickets recomputed. A change saved while the job runs (the deduplicated
	enqueue then skips) is caught by another round, at most `max_rounds`."""
	done = 0
	for _round in range(max_rounds):
		version = frappe.cache.get_value(VERSION_KEY)
		last = ""
		while True:
			names = frappe.get_all(
				"HEZO Ticket",
				filters={
					"status": ["in", clock_service.OPEN_STATUSES],
					"clock_started_at": ["is", "set"],
					"name": [">", last],
				},
				order_by="name asc",
				limit=batch_size,
				pluck="name",
			)
			if not names:
				break
			at = now()
			for name in names:
				ticket = frappe.get_doc("HEZO Ticket", name)
				refresh_columns(ticket, clock_service.compute(ticket, at))
			if commit:
				frappe.db.commit()
			done += len(names)
			last = names[-1]
		if frappe.cache.get_value(VERSION_KEY) == version:
			break
	return done
