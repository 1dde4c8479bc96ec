"""Work for the fault tier (load_tests/kill_jobs): each background job given work to do on the loaded
site, run in small batches so a kill -9 lands half-way, and what is left of its work afterwards.

The jobs, in the order the tier kills them (each one's work is the previous one's result):
- recompute: generated open tickets without an escalation, filed 10 days earlier (their clock facts
  moved back, as if a calendar change had moved their due times): their stored due times are wrong
  until the recompute has rewritten them;
- sweep: those tickets, now breached, have escalation levels to record;
- delivery: the escalations recorded, to be e-mailed once each;
- billing: generated contracts renewed by the desk, to be invoiced once each.

Every function is called through `bench execute` and answers JSON; `work` is what `prepare` answered."""

from __future__ import annotations

import time

import frappe
from frappe.utils import add_to_date, now_datetime, today

from hezo_service.services.common import invariants
from hezo_service.services.common.timezone import now, stored
from hezo_service.services.tickets import clocks as clock_service
from hezo_service.tests.year_data import PREFIX

AGED_DAYS = 10
# after each commit of a killed run: a year's batches take this long, the tier's are tiny
PAUSE_AFTER_COMMIT = 0.3


def prepare(job: str, count: int = 12) -> dict:
	"""Give `job` ("recompute" or "billing") work on the site, committed; what the other calls need
	(the sweep and the delivery take the recompute's)."""
	frappe.set_user("Administrator")
	work = PREPARE[job](count)
	frappe.db.commit()
	return work


def start(job: str, work: dict) -> dict:
	"""{"pending": the job's work, "progress_sql": a count that grows as the job commits}."""
	return {"pending": state(job, work)["pending"], "progress_sql": progress_sql(job, work)}


def run(job: str, work: dict, pause: bool = True) -> None:
	"""The job's own function, in small batches; `pause`: a pause after each commit."""
	frappe.set_user("Administrator")
	if pause:
		commit = frappe.db.commit

		def slow_commit(*args, **kwargs):
			commit(*args, **kwargs)
			time.sleep(PAUSE_AFTER_COMMIT)

		frappe.db.commit = slow_commit
	RUN[job](work)


def state(job: str, work: dict) -> dict:
	"""{"pending": the job's work not done, "violations": the invariants the job keeps, broken, plus
	what the job's own check counts}."""
	return STATE[job](work)


# --- recompute
def _age_tickets(count: int) -> dict:
	names = frappe.db.sql(
		"""select t.name from `tabHEZO Ticket` t
		where t.subject like %s and t.status in %s and t.clock_started_at is not null
			and not exists (select 1 from `tabHEZO Escalation` e where e.ticket = t.name)
		order by t.name limit %s""",
		(f"{PREFIX} open %", clock_service.OPEN_STATUSES, count),
		pluck=True,
	)
	for field in ("reported_at", "clock_started_at"):
		frappe.db.sql(
			f"update `tabHEZO Ticket` set `{field}` = `{field}` - interval %s day where name in %s",
			(AGED_DAYS, names or [""]),
		)
	return {"tickets": names, "since": str(now_datetime())}


def _recompute(work: dict) -> None:
	from hezo_service.services.tickets.recompute import recompute_open_tickets

	recompute_open_tickets(batch_size=2)


def _recompute_state(work: dict) -> dict:
	wrong = invariants.due_times(work["tickets"])
	return {"pending": len({v.split(":")[0] for v in wrong}), "violations": wrong}


# --- sweep
def _sweep(work: dict) -> None:
	from hezo_service.scheduler import sweep_sla

	sweep_sla(batch=2)


def _sweep_state(work: dict) -> dict:
	due = frappe.db.count(
		"HEZO Ticket", {"name": ["in", work["tickets"]], "next_check_at": ["<=", stored(now())]}
	)
	return {
		"pending": due,
		"escalations": frappe.db.count("HEZO Escalation", {"ticket": ["in", work["tickets"]]}),
		"violations": invariants.escalations_once() + invariants.due_times(work["tickets"]),
	}


# --- delivery of the escalations
def _deliver(work: dict) -> None:
	from hezo_service.services.tickets.escalation_delivery import deliver_pending

	while deliver_pending(limit=3):
		pass


def _delivery_state(work: dict) -> dict:
	tickets = work["tickets"] or [""]
	pending = frappe.db.count("HEZO Escalation", {"ticket": ["in", tickets], "sent_at": ["is", "not set"]})
	addressed = frappe.db.count(
		"HEZO Escalation", {"ticket": ["in", tickets], "sent_at": ["is", "set"], "notified": ["!=", ""]}
	)
	mails = frappe.db.count(
		"Email Queue",
		{
			"reference_doctype": "HEZO Ticket",
			"reference_name": ["in", tickets],
			"creation": [">=", work["since"]],
		},
	)
	wrong = (
		[] if pending or mails == addressed else [f"{mails} escalation e-mails for {addressed} escalations"]
	)
	return {
		"pending": pending,
		"mails": mails,
		"violations": wrong + invariants.email_queue_once() + invariants.escalations_once(),
	}


# --- billing
def _renew_contracts(count: int) -> dict:
	"""Renew (the desk's Renew, committed) up to `count` generated contracts in force, each priced
	first (the generator leaves prices out); one whose renewal the rules refuse (a device's cover at
	its plan's limit of years) is left as it is."""
	from hezo_service.services.contracts.lifecycle import renew

	candidates = frappe.get_all(
		"HEZO Contract",
		filters={
			"name": ["like", f"{PREFIX}-C-%"],
			"status": ["in", ["Active", "Expiring", "Lapsed"]],
			"renewed_to": ["is", "not set"],
		},
		pluck="name",
		order_by="name asc",
		limit=count * 3,
	)
	renewed = []
	for name in candidates:
		if len(renewed) == count:
			break
		frappe.db.set_value("HEZO Contract", name, "price", 1000 + len(renewed))
		try:
			renew(name)
		except frappe.ValidationError:
			frappe.db.rollback()
			frappe.clear_messages()
			continue
		frappe.db.commit()
		renewed.append(name)
	return {"renewed": renewed}


def _bill(work: dict) -> None:
	from hezo_service.services.billing.sales_invoices import run_billing

	run_billing()


def _billing_state(work: dict) -> dict:
	from hezo_service.services.billing.billable_lines import pending_lines

	return {
		"pending": len(pending_lines(today())),
		"invoices": frappe.db.count("Sales Invoice", {"hezo_billing_period": ["is", "set"]}),
		"violations": invariants.billed_once(today()),
	}


def progress_sql(job: str, work: dict) -> str:
	"""A count that grows with each commit of the job (polled by the tier, so a literal query)."""
	tickets = ", ".join(frappe.db.escape(t) for t in work.get("tickets") or [""])
	return {
		"recompute": "select count(*) from `tabHEZO SLA Event` where ticket in ({t}) and creation >= {s}",
		"sweep": "select count(*) from `tabHEZO Escalation` where ticket in ({t})",
		"delivery": "select count(*) from `tabHEZO Escalation` where ticket in ({t}) and sent_at is not null",
		"billing": "select count(*) from `tabSales Invoice Item` where ifnull(hezo_billing_key, '') != ''",
	}[job].format(t=tickets, s=frappe.db.escape(str(work.get("since") or add_to_date(None, days=-1))))


PREPARE = {"recompute": _age_tickets, "billing": _renew_contracts}
RUN = {"recompute": _recompute, "sweep": _sweep, "delivery": _deliver, "billing": _bill}
STATE = {
	"recompute": _recompute_state,
	"sweep": _sweep_state,
	"delivery": _delivery_state,
	"billing": _billing_state,
}
