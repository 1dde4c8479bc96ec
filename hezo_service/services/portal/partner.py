"""What a partner sees in the portal (/hezo/partner*): only the contracts where its Customer is the
`partner`, their end customers, renewals, open tickets (SLA state only), RMAs awaiting the faulty
unit's return and its own Sales Invoices.

The partner's scope is its own and is explicit here: every statement names `partner in (...)` (or the
partner's own `customer` on its invoices). Frappe's permission hooks (scope.py) stay the end customers'
rules, so a partner's user reaches nothing of its customers' records through Frappe (tickets'
descriptions, correspondence, files), and an end customer's user reaches nothing of this. Each list is
one statement per page (paging.py), plus one for the devices of the contracts shown: the same
statements for a partner with one contract or five hundred."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import getdate

from hezo_service.core.contracts import quote_renewal
from hezo_service.core.contracts.coverage import CONTRACT_STATUSES, covers
from hezo_service.core.portal.rma import return_state
from hezo_service.services.common.timezone import aware, now
from hezo_service.services.contracts.coverage import in_force_sql
from hezo_service.services.portal.pages import CLOCKS, OPEN, RETURN_STATES, clocks_of
from hezo_service.services.portal.paging import cut, limits
from hezo_service.services.portal.scope import NotFoundInPortal, partners_of

RENEWAL_HORIZON_DAYS = 90  # renewals due within this many days are listed (issue: "the next 90 days")
DEVICES_SHOWN = 5  # serials listed per contract row; the rest are counted
CSV_FIELDS = (
	"contract",
	"customer",
	"nip",
	"plan",
	"option",
	"term_years",
	"start_date",
	"end_date",
	"status",
	"covered_today",
	"devices",
)


def partners(user: str | None = None) -> list[str]:
	"""The partner Customers of the user; a user of none gets the answer of a page that is not there."""
	user = user or frappe.session.user
	if user == "Guest":
		raise frappe.PermissionError(_("Log in to see this page."))
	found = partners_of(user)
	if not found:
		raise NotFoundInPortal(_("Not found."))
	return found


def _in(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values) if values else "''"


def today() -> date:
	return now().date()


# -- contracts ----------------------------------------------------------------------------------------

CONTRACT_SELECT = """select c.name, c.customer, cu.customer_name, cu.tax_id as nip, c.plan,
	p.service_type as `option`, c.term_years, c.start_date, c.end_date, c.status, c.price, c.currency,
	c.renewed_to, p.reactivation_fee_percent, p.reactivation_fee_fixed, p.reactivation_grace_days
	from `tabHEZO Contract` c
	join `tabCustomer` cu on cu.name = c.customer
	left join `tabHEZO Service Plan` p on p.name = c.plan"""


def contract_filters(partner_names: list[str], query: str | None = None, status: str | None = None):
	"""SQL conditions and values of the contract list's filter: a contract number, a customer's name
	or its NIP (`query`), a status."""
	conditions = [f"c.partner in ({_in(partner_names)})", "c.status != 'Draft'"]
	values: dict = {}
	query = (query or "").strip()
	if query:
		conditions.append(
			"(c.name like %(like)s or cu.customer_name like %(like)s or cu.hezo_nip = %(digits)s)"
		)
		values["like"] = "%" + query.replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
		values["digits"] = "".join(ch for ch in query if ch.isdigit())[:10] or "-"
	if status:
		if status not in CONTRACT_STATUSES:
			frappe.throw(_("Unknown status {0}.").format(status), PartnerInputError)
		conditions.append("c.status = %(status)s")
		values["status"] = status
	return " and ".join(conditions), values


class PartnerInputError(frappe.ValidationError):
	http_status_code = 422


def contracts(
	partner_names: list[str], page: int = 1, query: str | None = None, status: str | None = None
) -> tuple[list[dict], dict]:
	where, values = contract_filters(partner_names, query, status)
	page_limits = limits(page)
	rows = frappe.db.sql(
		f"""{CONTRACT_SELECT} where {where} order by c.end_date asc, c.name asc
		limit {int(page_limits["limit_page_length"])} offset {int(page_limits["limit_start"])}""",
		values,
		as_dict=True,
	)
	shown, pager = cut(rows, page)
	return with_devices(shown), pager


def with_devices(rows: list[dict]) -> list[dict]:
	"""Each contract's covered serials (the first DEVICES_SHOWN and how many in all) and whether it
	covers today (the one coverage rule): one statement for the page."""
	names = [r.name for r in rows]
	devices: dict[str, list[str]] = {}
	if names:
		for parent, device in frappe.db.sql(
			f"""select parent, device from `tabHEZO Contract Device`
			where parenttype = 'HEZO Contract' and parent in ({_in(names)}) order by parent, idx""",
		):
			devices.setdefault(parent, []).append(device)
	on = today()
	for r in rows:
		serials = devices.get(r.name, [])
		r.devices = serials[:DEVICES_SHOWN]
		r.device_count = len(serials)
		r.all_devices = serials
		r.covered_today = covers(r.status, getdate(r.start_date), getdate(r.end_date), on)
	return rows


def contracts_csv(partner_names: list[str], query: str | None = None, status: str | None = None) -> str:
	"""Every contract of the partner matching the filter, as CSV (UTF-8, one row a contract, its serials
	in one cell): two statements whatever the number of contracts."""
	where, values = contract_filters(partner_names, query, status)
	rows = with_devices(
		frappe.db.sql(
			f"{CONTRACT_SELECT} where {where} order by c.end_date asc, c.name asc", values, as_dict=True
		)
	)
	out = io.StringIO()
	writer = csv.writer(out)
	writer.writerow(CSV_FIELDS)
	for r in rows:
		writer.writerow(
			[
				cell(v)
				for v in (
					r.name,
					r.customer_name,
					r.nip,
					r.plan,
					r.option,
					r.term_years,
					r.start_date,
					r.end_date,
					r.status,
					"yes" if r.covered_today else "no",
					" ".join(r.all_devices),
				)
			]
		)
	return out.getvalue()


def cell(value) -> str:
	"""A CSV cell a spreadsheet will not run as a formula (a name typed as "=HYPERLINK(...)")."""
	text = "" if value is None else str(value)
	return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- renewals -----------------------------------------------------------------------------------------


def renewals(partner_names: list[str], page: int = 1) -> tuple[list[dict], dict]:
	"""Contracts in force, not renewed, ending within RENEWAL_HORIZON_DAYS or already ended (lapsed),
	each with what a renewal made today would carry (the core's renewal rule: term, price, lapsed days,
	reactivation fee) and whether a renewal was requested already."""
	on = today()
	page_limits = limits(page)
	rows = frappe.db.sql(
		f"""{CONTRACT_SELECT}
		where c.partner in ({_in(partner_names)}) and {in_force_sql("c")} and c.renewed_to is null
			and c.end_date <= %(horizon)s
		order by c.end_date asc, c.name asc
		limit {int(page_limits["limit_page_length"])} offset {int(page_limits["limit_start"])}""",
		{"horizon": on + timedelta(days=RENEWAL_HORIZON_DAYS)},
		as_dict=True,
	)
	shown, pager = cut(rows, page)
	from hezo_service.services.contracts.renewal_requests import requested_renewals

	requested = requested_renewals([r.name for r in shown])
	for r in shown:
		r.update(renewal_offer(r, on))
		r.requested = requested.get(r.name)
	return with_devices(shown), pager


def renewal_offer(contract, on: date) -> dict:
	"""What renewing `contract` on `on` would carry: the core's `quote_renewal` with the plan's fee
	settings, the contract's own term and price (as the desk's Renew does by default)."""
	quote = quote_renewal(
		getdate(contract.end_date),
		on,
		int(contract.term_years or 1),
		contract.price or 0,
		contract.reactivation_fee_percent,
		contract.reactivation_fee_fixed,
		contract.reactivation_grace_days,
	)
	return {
		"lapsed": quote.late,
		"days_left": (getdate(contract.end_date) - on).days,
		"new_start": quote.new_start,
		"new_end": quote.new_end,
		"renewal_price": quote.renewal_price,
		"lapsed_days": quote.lapsed_days,
		"reactivation_fee": quote.reactivation_fee,
		"total": quote.total,
	}


# -- tickets and RMAs ---------------------------------------------------------------------------------

TICKET_FIELDS = ", ".join(f"t.{field}" for _key, due, state, _label in CLOCKS for field in (due, state))


def open_tickets(partner_names: list[str], page: int = 1) -> tuple[list[dict], dict]:
	"""Its customers' open tickets with their SLA state and clocks: never the subject, description,
	files or messages (the end customer's)."""
	page_limits = limits(page)
	rows = frappe.db.sql(
		f"""select t.name, cu.customer_name, t.contract, t.device, t.plan, t.priority, t.status,
			t.sla_state, t.reported_at, {TICKET_FIELDS}
		from `tabHEZO Ticket` t
		join `tabHEZO Contract` c on c.name = t.contract
		join `tabCustomer` cu on cu.name = t.customer
		where c.partner in ({_in(partner_names)}) and t.status in ({_in(list(OPEN))})
		order by t.reported_at desc, t.name desc
		limit {int(page_limits["limit_page_length"])} offset {int(page_limits["limit_start"])}""",
		as_dict=True,
	)
	shown, pager = cut(rows, page)
	for t in shown:
		t.clocks = clocks_of(t)
	return shown, pager


def rmas_awaiting_return(partner_names: list[str], page: int = 1) -> tuple[list[dict], dict]:
	"""RMAs of its customers whose faulty unit has not come back yet, with the return's due time."""
	if not frappe.db.exists("DocType", "HEZO RMA"):
		return [], cut([], page)[1]
	page_limits = limits(page)
	rows = frappe.db.sql(
		f"""select r.name, cu.customer_name, r.contract, r.faulty_device, r.model, r.status,
			r.delivered_at, r.return_carrier, r.return_waybill, r.return_due, r.return_received_at
		from `tabHEZO RMA` r
		join `tabHEZO Contract` c on c.name = r.contract
		join `tabCustomer` cu on cu.name = r.customer
		where c.partner in ({_in(partner_names)}) and r.return_due is not null
			and r.return_received_at is null
		order by r.return_due asc, r.name asc
		limit {int(page_limits["limit_page_length"])} offset {int(page_limits["limit_start"])}""",
		as_dict=True,
	)
	shown, pager = cut(rows, page)
	at = now()
	for r in shown:
		state = return_state(aware(r.return_due), None, at)
		r.return_state = state
		r.return_state_label = _(RETURN_STATES[state]) if state else ""
	return shown, pager


# -- invoices -----------------------------------------------------------------------------------------

INVOICE_FIELDS = [
	"name",
	"posting_date",
	"due_date",
	"currency",
	"grand_total",
	"outstanding_amount",
	"status",
]


def invoices(partner_names: list[str], page: int = 1) -> tuple[list[dict], dict]:
	"""The partner's own submitted Sales Invoices (ERPNext's), newest first."""
	rows = frappe.get_all(
		"Sales Invoice",
		filters={"customer": ["in", partner_names], "docstatus": 1},
		fields=INVOICE_FIELDS,
		order_by="posting_date desc, name desc",
		**limits(page),
	)
	return cut(rows, page)


def own_invoice(name: str | None, partner_names: list[str]) -> str:
	"""The invoice's name when it is one of the partner's submitted invoices, else 404 (as a missing
	one)."""
	name = (name or "").strip()
	found = (
		frappe.db.get_value(
			"Sales Invoice", {"name": name, "customer": ["in", partner_names], "docstatus": 1}, "name"
		)
		if name
		else None
	)
	if not found:
		raise NotFoundInPortal(_("Not found."))
	return found


def customers_overview(partner_names: list[str]) -> list[dict]:
	return frappe.get_all(
		"Customer",
		filters={"name": ["in", partner_names]},
		fields=["name", "customer_name", "tax_id"],
		ignore_permissions=True,
	)
