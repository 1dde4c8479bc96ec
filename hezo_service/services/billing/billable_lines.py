"""What is billed: every billable thing (a renewal, a reactivation fee, a use over quota, an unreturned
unit) as one line with a `billing_key` unique to the thing billed.

Sources are pluggable: hooks.py's `hezo_billable_line_sources` lists functions
`source(upto: date) -> list[dict]`. A line names its `kind` (one of KINDS: it decides the ERPNext Item
it is invoiced as, `services/billing/sales_invoices.py`), its contract, the record it bills and its
date. A thing is billed once its key is on a Sales Invoice Item (custom field `hezo_billing_key`, unique),
whatever the invoice's state: a draft, a submitted or a cancelled one (docs/decisions.md, "Inside
ERPNext: billing")."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate, today

from hezo_service.core.contracts import money
from hezo_service.services.common.settings import company_currency

RENEWAL = "Renewal"
REACTIVATION_FEE = "Reactivation fee"
OVER_QUOTA = "Over quota"
UNRETURNED_UNIT = "Unreturned unit"
KINDS = (RENEWAL, REACTIVATION_FEE, OVER_QUOTA, UNRETURNED_UNIT)


def _unbilled(key_sql: str) -> str:
	"""SQL: no invoice line carries this key yet."""
	return (
		f"""not exists (select 1 from `tabSales Invoice Item` sii where sii.hezo_billing_key = {key_sql})"""
	)


def _renewed_by_the_desk(contract: str) -> str:
	"""SQL: a renewal made by the desk's Renew, not sold on a partner's Sales Order (that order's own
	invoice bills it: services/contracts/renewal_requests.py)."""
	return f"ifnull({contract}.sales_order, '') = ''"


def renewal_lines(upto: date) -> list[dict]:
	rows = frappe.db.sql(
		f"""select c.name, c.currency, c.price, c.renewed_on, c.renewed_from, c.start_date, c.end_date,
			c.plan
		from `tabHEZO Contract` c
		where c.renewed_from is not null and c.renewed_on <= %(upto)s and c.price > 0
			and c.status != 'Cancelled' and {_renewed_by_the_desk("c")}
			and {_unbilled("concat('renewal:', c.name)")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"renewal:{r.name}",
			"kind": RENEWAL,
			"plan": r.plan,
			"currency": r.currency or company_currency(),
			"description": f"Odnowienie umowy {r.renewed_from} ({r.plan}) {r.start_date} – {r.end_date} / "
			f"Renewal of contract {r.renewed_from}",
			"contract": r.name,
			"line_date": r.renewed_on,
			"qty": 1,
			"rate": money(r.price),
			"reference_doctype": "HEZO Contract",
			"reference_name": r.name,
		}
		for r in rows
	]


def reactivation_fee_lines(upto: date) -> list[dict]:
	rows = frappe.db.sql(
		f"""select c.name, c.currency, c.reactivation_fee, c.renewed_on, c.renewed_from, c.lapsed_days
		from `tabHEZO Contract` c
		where c.reactivation_fee > 0 and c.renewed_on <= %(upto)s and c.status != 'Cancelled'
			and {_renewed_by_the_desk("c")} and {_unbilled("concat('reactivation:', c.name)")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"reactivation:{r.name}",
			"kind": REACTIVATION_FEE,
			"currency": r.currency or company_currency(),
			"description": f"Opłata reaktywacyjna umowy {r.renewed_from} ({r.lapsed_days} dni po końcu) / "
			f"Reactivation fee, {r.lapsed_days} days after the end",
			"contract": r.name,
			"line_date": r.renewed_on,
			"qty": 1,
			"rate": money(r.reactivation_fee),
			"reference_doctype": "HEZO Contract",
			"reference_name": r.name,
		}
		for r in rows
	]


def over_quota_lines(upto: date) -> list[dict]:
	rows = frappe.db.sql(
		f"""select t.name, t.contract, t.request_kind, t.quota_contract_year, t.quota_position,
			date(coalesce(t.resolved_at, t.modified)) as line_date, c.currency,
			q.over_quota_price, q.label_pl, q.label_en
		from `tabHEZO Ticket` t
		join `tabHEZO Contract` c on c.name = t.contract
		left join `tabHEZO Plan Quota` q on q.parent = c.plan and q.parenttype = 'HEZO Service Plan'
			and q.quota_kind = t.request_kind
		where t.quota_billable = 1 and date(coalesce(t.resolved_at, t.modified)) <= %(upto)s
			and {_unbilled("concat('overquota:', t.name)")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"overquota:{r.name}",
			"kind": OVER_QUOTA,
			"currency": r.currency or company_currency(),
			"description": f"{r.label_pl or r.request_kind} ponad limit ({r.quota_position}. w roku "
			f"{r.quota_contract_year}), zgłoszenie {r.name} / {r.label_en or r.request_kind} over quota",
			"contract": r.contract,
			"line_date": r.line_date,
			"qty": 1,
			"rate": money(r.over_quota_price),
			"reference_doctype": "HEZO Ticket",
			"reference_name": r.name,
		}
		for r in rows
	]


def unreturned_unit_lines(upto: date) -> list[dict]:
	"""Faulty units the daily returns job marked chargeable (services/rma/rma_returns.py) and still out:
	one that came back is billable no more (core/rma/lifecycle.py, `FAULTY_BACK`). A charge of 0 (no
	price in HEZO Settings) is still billed as a line: finance prices it on the draft invoice."""
	rows = frappe.db.sql(
		f"""select r.name, r.contract, r.faulty_device, r.model, r.return_due, r.charge_amount,
			date(r.charge_marked_at) as line_date, c.currency
		from `tabHEZO RMA` r
		join `tabHEZO Contract` c on c.name = r.contract
		where r.chargeable = 1 and r.return_received_at is null and r.status != 'Cancelled'
			and date(r.charge_marked_at) <= %(upto)s
			and {_unbilled("concat('unreturned:', r.name)")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"unreturned:{r.name}",
			"kind": UNRETURNED_UNIT,
			"currency": r.currency or company_currency(),
			"description": f"Niezwrócone urządzenie {r.faulty_device} ({r.model}), {r.name}, termin zwrotu "
			f"{getdate(r.return_due)} / Unreturned unit {r.faulty_device}, due {getdate(r.return_due)}",
			"contract": r.contract,
			"line_date": r.line_date,
			"qty": 1,
			"rate": money(r.charge_amount),
			"reference_doctype": "HEZO RMA",
			"reference_name": r.name,
		}
		for r in rows
	]


def sources() -> list:
	return [frappe.get_attr(path) for path in frappe.get_hooks("hezo_billable_line_sources")]


def pending_lines(upto: date | str | None = None) -> list[dict]:
	"""Every line not billed yet, each key once, rate rounded to the grosz."""
	upto = getdate(upto or today())
	lines, seen = [], set()
	for source in sources():
		for line in source(upto):
			if line["billing_key"] in seen:
				continue
			seen.add(line["billing_key"])
			line["rate"] = money(line.get("rate"))
			line["qty"] = line.get("qty") or 1
			lines.append(line)
	if lines:  # belt and braces for sources that do not anti-join themselves
		billed = set(
			frappe.get_all(
				"Sales Invoice Item",
				filters={"hezo_billing_key": ["in", [line["billing_key"] for line in lines]]},
				pluck="hezo_billing_key",
			)
		)
		lines = [line for line in lines if line["billing_key"] not in billed]
	return lines
