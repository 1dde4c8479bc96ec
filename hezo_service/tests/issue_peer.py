"""The peer of the service-day benchmark (benchmarks/service_day.py): ERPNext's own Issue with its
Service Level Agreement on the same site, as many open and closed Issues as the generated year has
HEZO Tickets, for the same customers. The agreement is the nearest ERPNext can say of HEZO's 8x5
plans: Monday to Friday 08:00-16:00, the Polish public holidays (the `holidays` package, this year and
next), response in 4 working hours, resolution in 8, paused while Replied. Committed; a re-run reuses
what is there."""

from __future__ import annotations

import frappe
import holidays
from frappe.utils import add_days, getdate, now_datetime, today

from hezo_service.tests.year_data import PREFIX

HOLIDAY_LIST = "HEZO peer: Polish holidays"
SERVICE_LEVEL = "HEZO peer 8x5"
PRIORITIES = ("Low", "Medium", "High")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def prepare() -> dict:
	"""{"open": Issues open, "closed": Issues closed, "customers": how many}."""
	frappe.set_user("Administrator")
	frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	_agreement()
	customers = frappe.get_all(
		"Customer", filters={"customer_name": ["like", f"{PREFIX} Klient %"]}, pluck="name"
	)
	want_open = frappe.db.count("HEZO Ticket", {"subject": ["like", f"{PREFIX} open %"]})
	want_closed = frappe.db.count("HEZO Ticket", {"subject": ["like", f"{PREFIX} closed %"]})
	have_open = frappe.db.count("Issue", {"subject": ["like", f"{PREFIX} issue open %"]})
	for i in range(have_open, want_open):  # through the controller: the agreement applies on insert
		frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": f"{PREFIX} issue open {i:05d}",
				"customer": customers[i % len(customers)],
				"priority": PRIORITIES[i % len(PRIORITIES)],
				"raised_by": "load@customer.example",
			}
		).insert(ignore_permissions=True)
	if not frappe.db.count("Issue", {"subject": ["like", f"{PREFIX} issue closed %"]}):
		stamp = now_datetime()
		frappe.db.bulk_insert(
			"Issue",
			fields=["name", "subject", "customer", "priority", "status", "creation", "modified", "owner"],
			values=[
				(
					f"{PREFIX}-ISS-{i:06d}",
					f"{PREFIX} issue closed {i:06d}",
					customers[i % len(customers)],
					PRIORITIES[i % len(PRIORITIES)],
					"Closed",
					stamp,
					stamp,
					"Administrator",
				)
				for i in range(want_closed)
			],
			chunk_size=2000,
		)
	frappe.db.commit()
	return {
		"open": frappe.db.count("Issue", {"subject": ["like", f"{PREFIX} issue open %"]}),
		"closed": frappe.db.count("Issue", {"subject": ["like", f"{PREFIX} issue closed %"]}),
		"customers": len(customers),
	}


def _agreement() -> None:
	for priority in PRIORITIES:
		if not frappe.db.exists("Issue Priority", priority):
			frappe.get_doc({"doctype": "Issue Priority", "name": priority}).insert(ignore_permissions=True)
	year = getdate(today()).year
	if not frappe.db.exists("Holiday List", HOLIDAY_LIST):
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": HOLIDAY_LIST,
				"from_date": f"{year}-01-01",
				"to_date": f"{year + 1}-12-31",
				"holidays": [
					{"holiday_date": day, "description": name}
					for day, name in sorted(holidays.Poland(years=(year, year + 1)).items())
				],
			}
		).insert(ignore_permissions=True)
	if frappe.db.exists("Service Level Agreement", {"service_level": SERVICE_LEVEL}):
		return
	frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"enabled": 1,
			"document_type": "Issue",
			"service_level": SERVICE_LEVEL,
			"default_service_level_agreement": 1,
			"default_priority": "Medium",
			"holiday_list": HOLIDAY_LIST,
			"start_date": f"{year}-01-01",
			"end_date": add_days(f"{year + 1}-12-31", 0),
			"apply_sla_for_resolution": 1,
			"priorities": [
				{
					"priority": p,
					"response_time": 4 * 3600,
					"resolution_time": 8 * 3600,
					"default_priority": p == "Medium",
				}
				for p in PRIORITIES
			],
			"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
			"pause_sla_on": [{"status": "Replied"}],
			"support_and_resolution": [
				{"workday": day, "start_time": "08:00:00", "end_time": "16:00:00"} for day in WEEKDAYS
			],
		}
	).insert(ignore_permissions=True)


def jobs() -> dict:
	"""Milliseconds (and rows) of bringing every open record's SLA state up to date, each system its own
	way, rolled back afterwards: ERPNext's scheduled SLA job (`check_agreement_status`, which only
	disables ended agreements and so changes no Issue) and then saving every open Issue (the only way
	its state moves), against HEZO's sweep with every open ticket due."""
	import time

	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		check_agreement_status,
	)

	from hezo_service.scheduler import due_tickets
	from hezo_service.services.common.timezone import now, stored
	from hezo_service.services.tickets.clocks import OPEN_STATUSES
	from hezo_service.services.tickets.escalation import check_ticket

	frappe.set_user("Administrator")
	out = {}
	start = time.perf_counter()
	check_agreement_status()
	out["erpnext_scheduled_job_ms"] = round((time.perf_counter() - start) * 1000, 1)
	issues = frappe.get_all("Issue", filters={"status": ["not in", ["Resolved", "Closed"]]}, pluck="name")
	start = time.perf_counter()
	for name in issues:
		frappe.get_doc("Issue", name).save(ignore_permissions=True)
	out["erpnext_save_every_open_issue_ms"] = round((time.perf_counter() - start) * 1000, 1)
	out["open_issues"] = len(issues)
	out["erpnext_ms_per_issue"] = round(out["erpnext_save_every_open_issue_ms"] / max(len(issues), 1), 2)
	frappe.db.rollback()
	at = now()
	frappe.db.sql(
		"update `tabHEZO Ticket` set next_check_at = %s where status in %s",
		(stored(at), OPEN_STATUSES),
	)
	start = time.perf_counter()
	names = due_tickets(at, 1_000_000)
	for name in names:
		check_ticket(name, at)
	out["hezo_sweep_every_open_ticket_ms"] = round((time.perf_counter() - start) * 1000, 1)
	out["open_tickets"] = len(names)
	out["hezo_ms_per_ticket"] = round(out["hezo_sweep_every_open_ticket_ms"] / max(len(names), 1), 2)
	frappe.db.rollback()
	return out
