# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""SLA compliance per plan, priority and month (of the moment the clocks started): how many
response, follow-up and delivery clocks were met and breached, and the share met.

One aggregated query (GROUP BY plan, priority, month) built with `frappe.qb` (Frappe's get_list
refuses `sum(case ...)` in its fields), narrowed by the same permission conditions get_list applies
(Frappe's match conditions: user permissions and the portal scope); nothing is read ticket by ticket."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.query_builder import Case, Criterion
from frappe.query_builder.functions import Count, DateFormat, Sum
from frappe.utils import add_days, getdate
from pypika.terms import LiteralValue

from hezo_service.core.tickets.flow import STOPPED_STATUSES
from hezo_service.core.tickets.policy import CLOCKS


def clock_labels() -> dict[str, str]:
	"""Column labels, translated when called (whole phrases, so translators can order the words)."""
	return {
		"response_met": _("Response met"),
		"response_breached": _("Response breached"),
		"response_compliance": _("Response compliance %"),
		"follow_up_met": _("Follow-up met"),
		"follow_up_breached": _("Follow-up breached"),
		"follow_up_compliance": _("Follow-up compliance %"),
		"delivery_met": _("Delivery met"),
		"delivery_breached": _("Delivery breached"),
		"delivery_compliance": _("Delivery compliance %"),
	}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows)


def get_columns() -> list[dict]:
	labels = clock_labels()
	columns = [
		{
			"fieldname": "plan",
			"label": _("Service plan"),
			"fieldtype": "Link",
			"options": "HEZO Service Plan",
			"width": 190,
		},
		{"fieldname": "priority", "label": _("Priority"), "fieldtype": "Data", "width": 110},
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
	]
	for clock in CLOCKS:
		columns += [
			{"fieldname": f"{clock}_met", "label": labels[f"{clock}_met"], "fieldtype": "Int", "width": 110},
			{
				"fieldname": f"{clock}_breached",
				"label": labels[f"{clock}_breached"],
				"fieldtype": "Int",
				"width": 130,
			},
			{
				"fieldname": f"{clock}_compliance",
				"label": labels[f"{clock}_compliance"],
				"fieldtype": "Percent",
				"width": 150,
			},
		]
	columns.append(
		{"fieldname": "open_breached", "label": _("Open and breached"), "fieldtype": "Int", "width": 140}
	)
	return columns


def _conditions(ticket, filters) -> list:
	conditions = [ticket.clock_started_at.isnotnull()]
	if filters.get("from_date"):
		conditions.append(ticket.clock_started_at >= getdate(filters.from_date))
	if filters.get("to_date"):
		# the whole last day: strictly before the next midnight
		conditions.append(ticket.clock_started_at < add_days(getdate(filters.to_date), 1))
	if filters.get("plan"):
		conditions.append(ticket.plan == filters.plan)
	if filters.get("priority"):
		conditions.append(ticket.priority == filters.priority)
	return conditions


def _count_where(criterion):
	return Sum(Case().when(criterion, 1).else_(0))


def _query(filters):
	ticket = frappe.qb.DocType("HEZO Ticket")
	month = DateFormat(ticket.clock_started_at, "%Y-%m")
	fields = [ticket.plan, ticket.priority, month.as_("month"), Count(ticket.name).as_("tickets")]
	for clock in CLOCKS:
		state = ticket[f"{clock}_state"]
		fields += [
			_count_where(state == "Met").as_(f"{clock}_met"),
			_count_where(state == "Breached").as_(f"{clock}_breached"),
		]
	fields.append(
		_count_where((ticket.sla_state == "Breached") & ticket.status.notin(STOPPED_STATUSES)).as_(
			"open_breached"
		)
	)
	query = (
		frappe.qb.from_(ticket)
		.select(*fields)
		.where(Criterion.all(_conditions(ticket, filters)))
		.groupby(ticket.plan, ticket.priority, month)
		.orderby(month)
		.orderby(ticket.plan)
		.orderby(ticket.priority)
	)
	if match := build_match_conditions("HEZO Ticket"):
		query = query.where(LiteralValue(f"({match})"))
	return query


def compliance(met: int, breached: int) -> float | None:
	"""Share of the settled clocks that were met, in %; None when none has settled."""
	settled = (met or 0) + (breached or 0)
	return round(100.0 * (met or 0) / settled, 1) if settled else None


def get_data(filters) -> list[dict]:
	rows = _query(filters).run(as_dict=True)
	for row in rows:
		for key in list(row):
			if key not in ("plan", "priority", "month"):
				row[key] = int(row[key] or 0)
		for clock in CLOCKS:
			row[f"{clock}_compliance"] = compliance(row[f"{clock}_met"], row[f"{clock}_breached"])
	return rows


def get_chart(rows: list[dict]) -> dict | None:
	"""Compliance % per month (every plan and priority together), one bar per clock."""
	if not rows:
		return None
	totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
	for row in rows:
		for clock in CLOCKS:
			totals[row["month"]][f"{clock}_met"] += row[f"{clock}_met"]
			totals[row["month"]][f"{clock}_breached"] += row[f"{clock}_breached"]
	months = sorted(totals)
	labels = clock_labels()
	datasets = [
		{
			"name": labels[f"{clock}_compliance"],
			"values": [
				compliance(totals[m][f"{clock}_met"], totals[m][f"{clock}_breached"]) or 0 for m in months
			],
		}
		for clock in CLOCKS
		# a clock no ticket has settled yet (e.g. no follow-up target) would show as 0 %
		if any(totals[m][f"{clock}_met"] + totals[m][f"{clock}_breached"] for m in months)
	]
	if not datasets:
		return None
	return {
		"data": {"labels": months, "datasets": datasets},
		"type": "bar",
		"colors": ["#2490EF", "#ECAD4B", "#48BB74"],
		"fieldtype": "Percent",
	}
