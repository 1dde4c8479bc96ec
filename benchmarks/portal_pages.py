"""Benchmark: SQL statements per portal dashboard and ticket page, for a customer with 1, 30 and 300
open tickets and 1,000 covered devices, the old dashboard against the current one, in one run.

Run (from the bench; the data is written in one transaction that is rolled back at the end):
cd /opt/frappe-bench && ./env/bin/python /path/to/hezo_service/benchmarks/portal_pages.py --site SITE

What is measured
----------------
The pages' contexts as the portal user's request builds them (`services/portal/pages.py`: `dashboard`
and `ticket`), every statement through Frappe's MariaDB cursor counted, with the portal scope's
request cache emptied before each call (a new request). Each path is called once before it is
counted, so metas and settings are equally warm.

- new: `pages.dashboard` (what the app runs): one list query for the open tickets with the fields
  the summary shows, the renewals' end dates in one query.
- old: the dashboard as it was, reproduced verbatim below in `old_dashboard`: the open tickets listed
  by name, then each loaded as a document (`frappe.get_doc`), and each renewed contract's end date
  read on its own.
- ticket page: `pages.ticket` of the newest ticket (the same code before and after: it must not grow
  with the customer's other tickets or devices).
"""

from __future__ import annotations

import argparse
import os

import frappe
from statements import Statements

NIP = "9512345652"
DEVICES = 1000
STEPS = (1, 30, 300)


def old_dashboard(user: str | None = None) -> dict:
	from hezo_service.services.portal import pages

	customers = pages.customers_of(user)
	contracts = frappe.get_list(
		"HEZO Contract",
		fields=["name", "customer", "plan", "status", "start_date", "end_date", "renewed_to"],
		order_by="end_date asc",
	)
	for c in contracts:
		c.renewal = pages.renewal(c)
		c.quotas = pages.contract_quotas(c)
	devices = pages.with_vendor(frappe.get_list("Serial No", fields=pages.DEVICE_FIELDS, order_by="name asc"))
	tickets = frappe.get_list(
		"HEZO Ticket", filters={"status": ["in", pages.OPEN]}, fields=["name"], order_by="reported_at desc"
	)
	return {
		"customers": frappe.get_all(
			"Customer",
			filters={"name": ["in", customers or [""]]},
			fields=["name", "customer_name", "tax_id as nip"],
			ignore_permissions=True,
		),
		"contracts": contracts,
		"devices": devices,
		"tickets": [pages.ticket_summary(frappe.get_doc("HEZO Ticket", t.name)) for t in tickets],
	}


def build() -> tuple[str, str, list[str]]:
	"""A customer with DEVICES covered devices on one contract and a portal user."""
	from hezo_service.services.portal.signup import add_portal_user
	from hezo_service.tests.factories import make_contract, make_customer, make_device

	customer = make_customer(NIP, "Bench portal customer")
	serials = [make_device(f"BENCH-PD-{i:04d}", customer, "Rally Bar", "Logitech") for i in range(DEVICES)]
	today = frappe.utils.getdate()
	contract = make_contract(
		"BENCH-PORTAL-1", customer, "HEZO-PLUS", serials, f"{today.year}-01-01", f"{today.year}-12-31"
	)
	user = "bench.portal@customer.example"
	if not frappe.db.exists("User", user):
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": "Bench",
				"user_type": "Website User",
				"send_welcome_email": 0,
			}
		)
		doc.append("roles", {"role": "HEZO Customer"})
		doc.insert(ignore_permissions=True)
	add_portal_user(customer, user)
	return contract, user, serials


def count(call, user: str) -> int:
	from hezo_service.services.portal import scope

	frappe.set_user(user)
	try:
		call()  # warm
		scope.forget_customers_of()
		with Statements() as statements:
			call()
		return len(statements.queries)
	finally:
		frappe.set_user("Administrator")


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--sites-path", default=os.path.join(os.getcwd(), "sites"))
	args = parser.parse_args()
	os.chdir(args.sites_path)
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from hezo_service.services.portal import pages
	from hezo_service.tests.factories import make_ticket

	real_commit = frappe.db.commit
	rows = []
	try:
		frappe.db.commit = lambda: None  # everything stays in the transaction rolled back below
		contract, user, serials = build()
		made = []
		for n in STEPS:
			while len(made) < n:
				made.append(make_ticket(serials[len(made)], contract, "Non-critical").name)
			new = count(lambda: pages.dashboard(user), user)
			old = count(lambda: old_dashboard(user), user)
			page = count(lambda: pages.ticket(made[-1]), user)
			assert len(pages_tickets(user)) == n, n
			rows.append((n, old, new, page))
	finally:
		frappe.db.commit = real_commit
		frappe.db.rollback()
	print(f"customer with {DEVICES:,} covered devices; statements per page context")
	print(
		f"{'open tickets':>12} {'dashboard old':>14} {'dashboard new':>14} {'old/new':>8} {'ticket page':>12}"
	)
	for n, old, new, page in rows:
		print(f"{n:12} {old:14,} {new:14,} {old / new:8.2f} {page:12,}")
	first, last = rows[0], rows[-1]
	print(
		f"growth from {first[0]} to {last[0]} open tickets: old x{last[1] / first[1]:.2f}, "
		f"new x{last[2] / first[2]:.2f}, ticket page x{last[3] / first[3]:.2f}"
	)
	frappe.destroy()


def pages_tickets(user: str) -> list:
	from hezo_service.services.portal import pages

	frappe.set_user(user)
	try:
		return pages.dashboard(user)["tickets"]
	finally:
		frappe.set_user("Administrator")


if __name__ == "__main__":
	main()
