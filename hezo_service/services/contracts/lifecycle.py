"""Contract lifecycle: term checks, renewals with reactivation fees, the daily status job.

The rules (dates, fees, limits) are the pure core's (`hezo_service.core.contracts`); this module maps
documents to them and back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime, today

from hezo_service.core.contracts import ContractRuleError, TermError, check_term, offered_terms, quote_renewal
from hezo_service.services.common.db import changed_rows
from hezo_service.services.common.settings import company_currency
from hezo_service.services.contracts.coverage import in_force, in_force_sql
from hezo_service.services.contracts.devices import sync_coverage


class ContractTermError(frappe.ValidationError):
	http_status_code = 422


class RenewalError(frappe.ValidationError):
	http_status_code = 409


def _plan(plan: str) -> dict:
	return frappe.db.get_value(
		"HEZO Service Plan",
		plan,
		[
			"name",
			"term_years",
			"max_total_years",
			"reactivation_fee_percent",
			"reactivation_fee_fixed",
			"reactivation_grace_days",
		],
		as_dict=True,
	)


def prior_years(devices: list[str], plan: str, before: date, exclude: str | None = None) -> int:
	"""A device's years of coverage under `plan` that ended before `before` (the longest of the
	devices), in whole years."""
	if not devices:
		return 0
	days = frappe.db.sql(
		f"""select max(total) from (
			select d.device, sum(datediff(c.end_date, c.start_date) + 1) as total
			from `tabHEZO Contract` c
			join `tabHEZO Contract Device` d on d.parent = c.name and d.parenttype = 'HEZO Contract'
			where d.device in %(devices)s and c.plan = %(plan)s and c.name != %(exclude)s
				and {in_force_sql("c")} and c.end_date < %(before)s
			group by d.device) t""",
		{"devices": devices, "plan": plan, "exclude": exclude or "", "before": before},
	)[0][0]
	return round((days or 0) / 365.25)


def validate_term(contract) -> None:
	"""On every save of a contract: the term must be one the plan offers and must not take a
	device's total coverage under the plan past its limit (HEZO+: 5 years)."""
	if not contract.term_years or not in_force(contract.status):
		return
	plan = _plan(contract.plan)
	if not plan:
		return
	devices = [row.device for row in contract.devices]
	try:
		check_term(
			int(contract.term_years),
			offered_terms(plan.term_years),
			plan.max_total_years,
			prior_years(devices, contract.plan, getdate(contract.start_date), contract.name),
		)
	except TermError as e:
		frappe.throw(_("The term is refused: {0}.").format(_term_reason(e, plan)), ContractTermError)


def _term_reason(error: TermError, plan) -> str:
	if error.reason == "over_limit":
		return _("a device can be covered by plan {0} for at most {1} years in total").format(
			plan.name, plan.max_total_years
		)
	return _("plan {0} offers terms of {1} years").format(plan.name, plan.term_years)


def renewal_number(contract_no: str) -> str:
	base, _sep, n = contract_no.rpartition("-R")
	if base and n.isdigit():
		return f"{base}-R{int(n) + 1}"
	return f"{contract_no}-R1"


def quote(contract: str, term_years: int | None = None, price=None, renewed_on=None):
	old = frappe.get_doc("HEZO Contract", contract)
	plan = _plan(old.plan)
	term = int(term_years or old.term_years or offered_terms(plan.term_years)[0])
	renewal_price = Decimal(str(price)) if price not in (None, "") else Decimal(str(old.price or 0))
	try:
		result = quote_renewal(
			getdate(old.end_date),
			getdate(renewed_on or today()),
			term,
			renewal_price,
			plan.reactivation_fee_percent,
			plan.reactivation_fee_fixed,
			plan.reactivation_grace_days,
		)
	except ContractRuleError as e:
		frappe.throw(_("The renewal is refused: {0}.").format(str(e)), RenewalError)
	return old, term, result


def renew(
	contract: str, term_years: int | None = None, price=None, renewed_on=None, sales_order: str | None = None
) -> str:
	"""Renew `contract`: a new contract continuous from the old end (also when renewed late: the lapsed
	days are paid, plus the plan's reactivation fee after its grace period), the devices carried over,
	old and new linked. `sales_order`: the partner's order that sold the renewal (its invoicing bills
	it; services/contracts/renewal_requests.py). Returns the new contract's name."""
	frappe.db.sql("select name from `tabHEZO Contract` where name = %s for update", contract)
	old, term, result = quote(contract, term_years, price, renewed_on)
	if not in_force(old.status):
		frappe.throw(
			_("Contract {0} cannot be renewed: it is {1}.").format(old.name, _(old.status)), RenewalError
		)
	if old.renewed_to:
		frappe.throw(
			_("Contract {0} has already been renewed by {1}.").format(old.name, old.renewed_to), RenewalError
		)
	new = frappe.get_doc(
		{
			"doctype": "HEZO Contract",
			"contract_no": renewal_number(old.contract_no),
			"customer": old.customer,
			"partner": old.partner,
			"plan": old.plan,
			"status": "Active",
			"start_date": result.new_start,
			"end_date": result.new_end,
			"term_years": term,
			"price": result.renewal_price,
			"currency": old.currency or company_currency(),
			"system_care": old.system_care,
			# carried over as they are: validated on the old contract (no link lookup per row)
			"devices": [
				{"device": row.device, "model": row.model, "site_address": row.site_address}
				for row in old.devices
			],
			"renewed_from": old.name,
			"renewed_on": getdate(renewed_on or today()),
			"lapsed_days": result.lapsed_days,
			"reactivation_fee": result.reactivation_fee,
			"sales_order": sales_order,
		}
	)
	new.flags.ignore_links = True
	new.insert()
	ended = getdate(old.end_date) < getdate(today())
	updates = {"renewed_to": new.name}
	if ended:
		updates["status"] = "Renewed"
	elif old.status == "Expiring":
		updates["status"] = "Active"
	old.db_set(updates)
	# its devices only: the whole site's at ×1 took a second and locked every Serial No it scanned
	sync_coverage([row.device for row in old.devices])
	return new.name


def update_statuses(on: date | str | None = None) -> dict[str, int]:
	"""Daily: keep every contract's status current with a few set-based updates (idempotent: a second
	run matches nothing). Renewed: ended and continued by a renewal; Lapsed: ended without one;
	Expiring: ends within HEZO Settings' `expiring_days` and not renewed yet."""
	on = getdate(on or today())
	days = frappe.db.get_single_value("HEZO Settings", "expiring_days") or 60
	horizon = add_days(on, int(days))
	stamp = now_datetime()
	changed = {}
	statements = {
		"Renewed": """update `tabHEZO Contract` set status = 'Renewed', modified = %(stamp)s
			where status in ('Active', 'Expiring', 'Lapsed') and renewed_to is not null and end_date < %(on)s""",
		"Lapsed": """update `tabHEZO Contract` set status = 'Lapsed', modified = %(stamp)s
			where status in ('Active', 'Expiring') and renewed_to is null and end_date < %(on)s""",
		"Expiring": """update `tabHEZO Contract` set status = 'Expiring', modified = %(stamp)s
			where status = 'Active' and renewed_to is null and start_date <= %(on)s
				and end_date between %(on)s and %(horizon)s""",
		"Active": """update `tabHEZO Contract` set status = 'Active', modified = %(stamp)s
			where status = 'Expiring' and end_date >= %(on)s
				and (renewed_to is not null or end_date > %(horizon)s)""",
	}
	for status, sql in statements.items():
		frappe.db.sql(sql, {"on": on, "horizon": horizon, "stamp": stamp})
		changed[status] = changed_rows()
	changed["devices"] = refresh_devices(on)
	return changed


def refresh_devices(on: date | str | None = None) -> int:
	"""Every covered device's coverage in ERPNext's terms on `on` (services/contracts/devices.py), in
	one statement: an expired term turns its devices Out of AMC the day after its end."""
	return sync_coverage(None, on)
