"""Benchmark: SQL statements per escalation delivery batch, for 1 and 500 outbox rows, the old path
against the new one, in one run.

Run (from the bench; everything happens in one transaction that is rolled back, so any site will do):
cd BENCH && ./env/bin/python /path/to/hezo_service/benchmarks/escalation_delivery.py --site SITE [--rows 500]

What is measured
----------------
`deliver_pending` sends the notifications of committed HEZO Escalation rows not sent yet: an e-mail to
each row's recipients through the Email Queue and a desk notification to those that are users, then
marks the row sent. The script writes N pending rows (N = 1 and 500, manual escalations of one ticket
with two recipients: a desk user and the escalation mailbox), then counts every statement sent through
Frappe's MariaDB cursor while `deliver_pending(commit=True)` runs (selects, inserts, updates and the
COMMIT; `frappe.db.commit` is made a no-op marker here so the data can be rolled back: the COMMIT is
still counted, as one statement).

- new: `hezo_service.services.tickets.escalation_delivery.deliver_pending` (what the app runs).
- old: the delivery as it was before this change, reproduced verbatim below in `old_deliver_pending`
  and `old_notify` (one `frappe.get_doc` of the ticket, one `frappe.sendmail`, one `frappe.db.exists`
  per recipient, one `enqueue_create_notification` and one `frappe.db.set_value` per row).

`frappe.enqueue` is replaced by a recorder for both paths (background jobs are Redis, not SQL: the old
path enqueues one notification job per row, the new one per batch; the counts are printed). The run
makes a default outgoing e-mail account of its own (no SMTP probe, rolled back), as a production site
has outgoing mail. Each path runs once on a warm-up batch first, so caches (metas, settings, the
e-mail account) are equally warm.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from unittest import mock

import frappe
from frappe import _
from statements import Statements

RECIPIENTS = ("Administrator", "escalation@myhezo.example")


# -- the old path, as it was ------------------------------------------------------------------------


def old_deliver_pending(limit: int = 500, commit: bool = True) -> int:
	from hezo_service.services.common.timezone import now, stored

	rows = frappe.db.sql(
		"""select name, ticket, clock, level, kind, reason, notified from `tabHEZO Escalation`
		where sent_at is null order by creation limit %s for update skip locked""",
		limit,
		as_dict=True,
	)
	for row in rows:
		ticket = frappe.get_doc("HEZO Ticket", row.ticket)
		if row.kind == "Manual":
			subject = _("Ticket {0} escalated: {1}").format(ticket.name, row.reason)
		else:
			subject = _("SLA escalation level {0}: {1} clock of {2}").format(
				row.level, _(row.clock.replace("_", "-")), ticket.name
			)
		old_notify(ticket, [r.strip() for r in (row.notified or "").split(",") if r.strip()], subject)
		frappe.db.set_value("HEZO Escalation", row.name, "sent_at", stored(now()), update_modified=False)
	if commit:
		frappe.db.commit()
	return len(rows)


def old_notify(ticket, recipients: list[str], subject: str) -> None:
	from hezo_service.services.common.customer_messages import send_mail

	if not recipients:
		return
	message = _("Ticket {0} ({1}), status {2}, SLA {3}.").format(
		ticket.name, ticket.subject, _(ticket.status), _(ticket.sla_state or "-")
	)
	send_mail(
		recipients=recipients,
		subject=subject,
		message=message,
		reference_doctype="HEZO Ticket",
		reference_name=ticket.name,
	)
	users = [r for r in recipients if frappe.db.exists("User", r)]
	if users:
		from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

		enqueue_create_notification(
			users,
			{
				"type": "Alert",
				"document_type": "HEZO Ticket",
				"document_name": ticket.name,
				"subject": subject,
				"email_content": message,
			},
		)


# -- measuring --------------------------------------------------------------------------------------


def make_ticket() -> str:
	from hezo_service.tests.factories import make_contract, make_customer, make_device, make_ticket

	customer = make_customer()
	make_device("BENCH-ESC-1", customer)
	today = frappe.utils.getdate()
	contract = make_contract(
		"BENCH-ESC-1", customer, "HEZO-PLUS", ["BENCH-ESC-1"], f"{today.year}-01-01", f"{today.year}-12-31"
	)
	return make_ticket("BENCH-ESC-1", contract, "Critical").name


def write_pending(ticket: str, n: int) -> None:
	stamp = frappe.utils.now_datetime()
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	fields += ["ticket", "clock", "level", "kind", "escalation_key", "at", "by_user", "reason", "notified"]
	key = frappe.generate_hash(length=6)
	values = [
		[
			*(f"BENCH-{key}-{i}", stamp, stamp, "Administrator", "Administrator", 0, 0),
			*(ticket, "manual", i, "Manual", f"{ticket}:bench:{key}:{i}", stamp, "Administrator"),
			*(f"bench reason {i}", ", ".join(RECIPIENTS)),
		]
		for i in range(n)
	]
	frappe.db.bulk_insert("HEZO Escalation", fields, values)


def measure(deliver, ticket: str, n: int) -> tuple[int, int, Counter]:
	write_pending(ticket, n)
	jobs = []
	with (
		mock.patch.object(frappe, "enqueue", lambda *a, **k: jobs.append(a[0] if a else k.get("method"))),
		Statements() as statements,
	):
		delivered = deliver(limit=1000, commit=True)
	assert delivered == n, (delivered, n)
	return len(statements.queries), len(jobs), statements.shapes()


def own_outgoing_account() -> None:
	"""A default outgoing account of the run's own (rolled back with it; no SMTP probe, as in tests),
	so that the e-mails are queued on any site, a fresh one included."""
	frappe.flags.in_test, in_test = True, frappe.flags.in_test
	try:
		frappe.db.sql("update `tabEmail Account` set default_outgoing = 0")
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"HEZO Benchmark {frappe.generate_hash(length=6)}",
				"email_id": "benchmark@myhezo.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": 2525,
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.flags.in_test = in_test


def last_email(ticket: str) -> dict:
	"""The last queued e-mail's columns that do not differ by nature (ids, times, the MIME text)."""
	row = frappe.get_all(
		"Email Queue", {"reference_name": ticket}, "*", order_by="creation desc, name", limit=1
	)[0]
	varying = {"name", "creation", "modified", "message", "message_id", "idx"}
	recipients = frappe.get_all("Email Queue Recipient", {"parent": row.name}, ["recipient", "status"])
	return {
		**{k: v for k, v in row.items() if k not in varying},
		"recipients": sorted((r.recipient, r.status) for r in recipients),
	}


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--sites-path", default=os.path.join(os.getcwd(), "sites"))
	parser.add_argument("--verbose", action="store_true", help="statements by kind")
	parser.add_argument("--rows", type=int, default=500, help="the large batch (CI runs it with 5)")
	args = parser.parse_args()
	os.chdir(args.sites_path)  # as bench does: Frappe finds the bench's logs/ from here
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from hezo_service.services.tickets.escalation_delivery import deliver_pending

	real_commit = frappe.db.commit
	try:
		frappe.db.commit = lambda: frappe.db.sql("select 'commit'")  # counted, kept undone
		frappe.db.sql("update `tabHEZO Escalation` set sent_at = now() where sent_at is null")
		own_outgoing_account()
		frappe.local.outgoing_email_account = {}
		ticket = make_ticket()
		results, queued = {}, {}
		for label, deliver in (("old", old_deliver_pending), ("new", deliver_pending)):
			measure(deliver, ticket, 3)  # warm-up
			results[label] = {n: measure(deliver, ticket, n) for n in (1, args.rows)}
			queued[label] = last_email(ticket)
		emails = frappe.db.count("Email Queue", {"reference_name": ticket})
	finally:
		frappe.db.commit = real_commit
		frappe.db.rollback()
	n = args.rows
	print(f"{'':8} {'1 row':>10} {f'{n} rows':>10} {f'{n} / 1':>9} {f'jobs (1 / {n})':>16}")
	for label, by_n in results.items():
		(one, jobs_1, _), (many, jobs_n, _) = by_n[1], by_n[n]
		print(f"{label:8} {one:10,} {many:10,} {many / one:9.2f} {f'{jobs_1} / {jobs_n}':>16}")
	old, new = results["old"], results["new"]
	print(f"{'old/new':8} {old[1][0] / new[1][0]:10.2f} {old[n][0] / new[n][0]:10.2f}")
	print(f"e-mails queued in the run (both paths, warm-ups included): {emails}")
	same = queued["old"] == queued["new"]
	print(f"the last e-mail of each path: same columns and recipients: {same}")
	if not same:
		print(queued)
	if args.verbose:
		for label, by_n in results.items():
			print(f"\n{label}, 500 rows, statements by kind:")
			for shape, count in by_n[500][2].most_common():
				print(f"{count:8}  {shape}")
	frappe.destroy()


if __name__ == "__main__":
	main()
