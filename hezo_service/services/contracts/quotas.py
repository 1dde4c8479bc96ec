"""Quotas per contract year (HEZO 360: 5 remote configuration changes), consumed by fulfilled tickets of
that kind; each use past the quota is flagged billable on its ticket (and billed once, see billing)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import getdate, today

from hezo_service.core.contracts import contract_year
from hezo_service.core.contracts import quota_usage as usage_of

FULFILLED = ("Resolved", "Closed")


def plan_quotas(plan: str) -> list[dict]:
	return plans_quotas({plan})


def plans_quotas(plans: set[str]) -> list[dict]:
	"""The quotas of the plans, in each plan's order (one statement)."""
	if not plans:
		return []
	return frappe.get_all(
		"HEZO Plan Quota",
		filters={"parent": ["in", sorted(plans)], "parenttype": "HEZO Service Plan", "parentfield": "quotas"},
		fields=["parent", "quota_kind", "per_contract_year", "label_pl", "label_en", "over_quota_price"],
		order_by="parent asc, idx asc",
	)


def quota_usage(contract: str, on: date | str | None = None) -> list[dict]:
	"""For the portal, the contract form and the ticket: each quota of the contract's plan in the
	contract year containing `on` (today): kind, labels, limit, used, remaining, over, the year."""
	row = frappe.db.get_value("HEZO Contract", contract, ["name", "plan", "start_date"], as_dict=True)
	return quota_usages([row], on)[contract] if row else []


def quota_usages(contracts: list[dict], on: date | str | None = None) -> dict[str, list[dict]]:
	"""`quota_usage` of a page of contracts (each with its name, plan and start date) in two statements
	whatever their number: contract -> its quotas' usage."""
	if not contracts:
		return {}
	on = getdate(on or today())
	years = {c["name"]: contract_year(getdate(c["start_date"]), on) for c in contracts}
	counts: dict[tuple[str, str], int] = {}
	for contract, year, kind, count in frappe.db.sql(
		"""select contract, quota_contract_year, request_kind, count(*) from `tabHEZO Ticket`
		where contract in %(contracts)s and quota_position > 0
		group by contract, quota_contract_year, request_kind""",
		{"contracts": list(years)},
	):
		if year == years[contract][0]:
			counts[(contract, kind)] = count
	by_plan: dict[str, list] = defaultdict(list)
	for quota in plans_quotas({c["plan"] for c in contracts if c.get("plan")}):
		by_plan[quota.parent].append(quota)
	result = {}
	for c in contracts:
		index, first, last = years[c["name"]]
		rows = []
		for quota in by_plan.get(c.get("plan"), []):
			usage = usage_of(
				quota.quota_kind, quota.per_contract_year or 0, counts.get((c["name"], quota.quota_kind), 0)
			)
			rows.append(
				{
					"kind": quota.quota_kind,
					"label_pl": quota.label_pl,
					"label_en": quota.label_en,
					"limit": usage.limit,
					"used": usage.used,
					"remaining": usage.remaining,
					"over": usage.over,
					"contract_year": index,
					"year_start": str(first),
					"year_end": str(last),
				}
			)
		result[c["name"]] = rows
	return result


def take_quota_use(ticket) -> None:
	"""After every save of a ticket: a fulfilled ticket of a quota kind takes the next use of its
	contract year, once (a reopened and re-resolved ticket keeps its place)."""
	if (
		not ticket.request_kind
		or ticket.status not in FULFILLED
		or ticket.quota_position
		or not ticket.contract
	):
		return
	contract = frappe.db.sql(
		"select plan, start_date from `tabHEZO Contract` where name = %s for update",
		ticket.contract,
		as_dict=True,
	)
	if not contract:
		return
	quota = next((q for q in plan_quotas(contract[0].plan) if q.quota_kind == ticket.request_kind), None)
	if quota is None:
		return
	on = getdate(ticket.resolved_at or today())
	index, _first, _last = contract_year(getdate(contract[0].start_date), on)
	used = frappe.db.count(
		"HEZO Ticket",
		{
			"contract": ticket.contract,
			"request_kind": ticket.request_kind,
			"quota_contract_year": index,
			"quota_position": [">", 0],
		},
	)
	position = used + 1
	billable = usage_of(quota.quota_kind, quota.per_contract_year or 0, position).is_billable(position)
	ticket.db_set(
		{"quota_contract_year": index, "quota_position": position, "quota_billable": int(billable)},
		update_modified=False,
	)
