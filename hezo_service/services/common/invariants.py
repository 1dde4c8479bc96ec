"""The one invariant checker the bench tests, the load tier and the benchmarks share: each check is a
set-based query (or, for due times, the core's answer per open ticket) and returns violations as
readable strings; an empty list means the site is consistent."""

from __future__ import annotations

from collections.abc import Callable

import frappe
from frappe.utils import today

from hezo_service.services.contracts.coverage import covering_sql
from hezo_service.services.tickets import clocks as clock_service

BATCH = 500


def due_times(tickets: list[str] | None = None) -> list[str]:
	"""Every open ticket's (or, given, these tickets') stored due times equal the core's answer for its
	facts."""
	out: list[str] = []
	last = ""
	only = [["name", "in", tickets or [""]]] if tickets is not None else []
	while True:
		names = frappe.get_all(
			"HEZO Ticket",
			filters=[["status", "in", clock_service.OPEN_STATUSES], ["name", ">", last], *only],
			order_by="name asc",
			limit=BATCH,
			pluck="name",
		)
		if not names:
			return out
		for name in names:
			ticket = frappe.get_doc("HEZO Ticket", name)
			for clock in clock_service.compute(ticket).clocks:
				field = f"{clock.name}_due"
				want = clock_service.stored(clock.due)
				if str(ticket.get(field) or "") != str(want or ""):
					out.append(f"ticket {name}: {field} {ticket.get(field)} != {want}")
		last = names[-1]


def escalations_once() -> list[str]:
	"""Every escalation level of a ticket's clock recorded (and so sent) at most once."""
	rows = frappe.db.sql(
		"""select ticket, clock, level, count(*) from `tabHEZO Escalation`
		where kind != 'Manual' group by ticket, clock, level having count(*) > 1"""
	)
	return [f"escalation {t} {c} level {lv}: {n} times" for t, c, lv, n in rows]


def email_queue_once() -> list[str]:
	"""No message queued twice (the same message id, or the same reference and message)."""
	rows = frappe.db.sql(
		"""select message_id, count(*) from `tabEmail Queue` where ifnull(message_id, '') != ''
		group by message_id having count(*) > 1"""
	)
	return [f"email queue: message {m} queued {n} times" for m, n in rows]


def coverage() -> list[str]:
	"""A Serial No under AMC points at a contract that covers it today, and expires with it."""
	rows = frappe.db.sql(
		f"""select sn.name, sn.amc_expiry_date, c.end_date from `tabSerial No` sn
		left join `tabHEZO Contract` c on c.name = sn.hezo_contract and {covering_sql("c", "%(on)s")}
		where sn.maintenance_status = 'Under AMC' and sn.hezo_contract is not null
			and not (sn.amc_expiry_date <=> c.end_date)""",
		{"on": today()},
	)
	return [f"serial {s}: AMC expiry {e} != covering contract's end {c}" for s, e, c in rows]


def reserved_spares() -> list[str]:
	"""No spare unit in stock reserved for an RMA that is not open (gone, closed or cancelled)."""
	rows = frappe.db.sql(
		"""select sn.name, sn.hezo_reserved_for_rma, r.status from `tabSerial No` sn
		left join `tabHEZO RMA` r on r.name = sn.hezo_reserved_for_rma
		where ifnull(sn.hezo_reserved_for_rma, '') != '' and sn.status = 'Active'
			and (r.name is null or r.status in ('Delivered', 'Returned', 'Closed', 'Cancelled'))"""
	)
	return [f"spare {s} reserved for {r} ({st or 'no such RMA'})" for s, r, st in rows]


def stock_ledger() -> list[str]:
	"""Every Serial No that has moved on the stock ledger is where its last entry left it: in that
	entry's warehouse after an inward entry (status Active), in no warehouse after an outward one. A
	transfer's two entries share one moment; its inward one counts as the later."""
	rows = frappe.db.sql(
		"""select sn.name, sn.warehouse, sn.status, last.warehouse, last.actual_qty, last.voucher_no
		from `tabSerial No` sn join (
			select sbe.serial_no, sle.warehouse, sle.actual_qty, sle.voucher_no, row_number() over (
				partition by sbe.serial_no
				order by sle.posting_datetime desc, sle.creation desc, sle.actual_qty desc) as position
			from `tabSerial and Batch Entry` sbe
			join `tabStock Ledger Entry` sle on sle.serial_and_batch_bundle = sbe.parent
			where sle.is_cancelled = 0
		) last on last.serial_no = sn.name and last.position = 1
		where not (
			(last.actual_qty > 0 and sn.warehouse <=> last.warehouse and sn.status = 'Active')
			or (last.actual_qty < 0 and ifnull(sn.warehouse, '') = '')
		)"""
	)
	return [
		f"serial {s}: in {wh or 'no warehouse'} ({st}), its last ledger entry {v} moved {qty:+g} "
		f"{'into' if qty > 0 else 'out of'} {lwh}"
		for s, wh, st, lwh, qty, v in rows
	]


def billed_once(upto=None) -> list[str]:
	"""Every billable event on exactly one Sales Invoice line: no billing key on two lines (a
	cancelled invoice keeps its keys, so every state counts) and, given the day a billing run billed
	`upto`, nothing billable by then still pending."""
	rows = frappe.db.sql(
		"""select hezo_billing_key, count(*), group_concat(distinct parent order by parent)
		from `tabSales Invoice Item` where ifnull(hezo_billing_key, '') != ''
		group by hezo_billing_key having count(*) > 1"""
	)
	out = [f"billing key {k}: on {n} invoice lines ({parents})" for k, n, parents in rows]
	if upto:
		from hezo_service.services.billing.billable_lines import pending_lines

		out += [f"billing key {line['billing_key']}: not billed by {upto}" for line in pending_lines(upto)]
	return out


CHECKS: dict[str, Callable[[], list[str]]] = {
	"due_times": due_times,
	"escalations_once": escalations_once,
	"email_queue_once": email_queue_once,
	"coverage": coverage,
	"reserved_spares": reserved_spares,
	"stock_ledger": stock_ledger,
	"billed_once": billed_once,
}


def check_all() -> list[str]:
	"""Every violation on the site (empty: consistent)."""
	return [v for check in CHECKS.values() for v in check()]
