"""Billing: every billable thing (a renewal, a reactivation fee, a use over quota, an unreturned unit)
becomes one line of a billing document per customer, month and currency.

Billable line sources are pluggable: hooks.py's `hezo_billable_line_sources` lists functions
`source(upto: date) -> list[dict]`, each line with a `billing_key` unique to the thing billed. The key
has a unique index (HEZO Billing Line.billing_key), so nothing is billed twice, also when the job runs
twice or stops half-way: each document is saved (and committed) whole or not at all, and a rerun picks
up what is not billed yet."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import getdate, today

from hezo_service.core.contracts import money

LINE_FIELDS = (
	"billing_key",
	"source",
	"description",
	"contract",
	"line_date",
	"qty",
	"rate",
	"amount",
	"currency",
	"reference_doctype",
	"reference_name",
)


# -- sources ---------------------------------------------------------------------------------------


def _unbilled(prefix: str) -> str:
	return f"""not exists (select 1 from `tabHEZO Billing Line` bl where bl.billing_key = concat('{prefix}', c.name))"""


def renewal_lines(upto: date) -> list[dict]:
	rows = frappe.db.sql(
		f"""select c.name, c.customer, c.currency, c.price, c.renewed_on, c.renewed_from, c.start_date,
			c.end_date, c.plan
		from `tabHEZO Contract` c
		where c.renewed_from is not null and c.renewed_on <= %(upto)s and c.price > 0
			and c.status != 'Cancelled' and {_unbilled("renewal:")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"renewal:{r.name}",
			"customer": r.customer,
			"currency": r.currency or "PLN",
			"source": "Renewal",
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
		f"""select c.name, c.customer, c.currency, c.reactivation_fee, c.renewed_on, c.renewed_from,
			c.lapsed_days
		from `tabHEZO Contract` c
		where c.reactivation_fee > 0 and c.renewed_on <= %(upto)s and c.status != 'Cancelled'
			and {_unbilled("reactivation:")}""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"reactivation:{r.name}",
			"customer": r.customer,
			"currency": r.currency or "PLN",
			"source": "Reactivation fee",
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
		"""select t.name, t.subject, t.customer, t.contract, t.request_kind, t.quota_contract_year,
			t.quota_position, date(coalesce(t.resolved_at, t.modified)) as line_date, c.currency,
			q.over_quota_price, q.label_pl, q.label_en
		from `tabHEZO Ticket` t
		join `tabHEZO Contract` c on c.name = t.contract
		left join `tabHEZO Plan Quota` q on q.parent = c.plan and q.parenttype = 'HEZO Service Plan'
			and q.quota_kind = t.request_kind
		where t.quota_billable = 1 and date(coalesce(t.resolved_at, t.modified)) <= %(upto)s
			and not exists (select 1 from `tabHEZO Billing Line` bl
				where bl.billing_key = concat('overquota:', t.name))""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"overquota:{r.name}",
			"customer": r.customer,
			"currency": r.currency or "PLN",
			"source": "Over quota",
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
	"""Faulty units the daily returns job marked chargeable (services/rma_returns.py). A charge of 0
	(no price in HEZO Settings) is still billed as a line: finance prices it on the draft document."""
	rows = frappe.db.sql(
		"""select r.name, r.customer, r.contract, r.faulty_device, r.model, r.return_due, r.charge_amount,
			date(r.charge_marked_at) as line_date, c.currency
		from `tabHEZO RMA` r
		left join `tabHEZO Contract` c on c.name = r.contract
		where r.chargeable = 1 and r.status != 'Cancelled' and date(r.charge_marked_at) <= %(upto)s
			and not exists (select 1 from `tabHEZO Billing Line` bl
				where bl.billing_key = concat('unreturned:', r.name))""",
		{"upto": upto},
		as_dict=True,
	)
	return [
		{
			"billing_key": f"unreturned:{r.name}",
			"customer": r.customer,
			"currency": r.currency or "PLN",
			"source": "Unreturned unit",
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


# -- the job ---------------------------------------------------------------------------------------


def pending_lines(upto: date | str | None = None) -> list[dict]:
	upto = getdate(upto or today())
	lines, seen = [], set()
	for source in sources():
		for line in source(upto):
			if line["billing_key"] in seen:
				continue
			seen.add(line["billing_key"])
			line["rate"] = money(line.get("rate"))
			line["qty"] = line.get("qty") or 1
			line["amount"] = money(line["rate"] * money(line["qty"]))
			lines.append(line)
	if lines:  # belt and braces for sources that do not anti-join themselves
		billed = set(
			frappe.get_all(
				"HEZO Billing Line",
				filters={"billing_key": ["in", [line["billing_key"] for line in lines]]},
				pluck="billing_key",
			)
		)
		lines = [line for line in lines if line["billing_key"] not in billed]
	return lines


def run_billing(upto: date | str | None = None, commit: bool = True) -> list[str]:
	"""Daily: bill everything pending. One savepoint (and, in the scheduler, one commit) per document."""
	groups: dict[tuple, list[dict]] = defaultdict(list)
	for line in pending_lines(upto):
		period = getdate(line["line_date"]).strftime("%Y-%m")
		groups[(line["customer"], period, line["currency"])].append(line)
	documents = []
	for (customer, period, currency), lines in sorted(groups.items()):
		frappe.db.savepoint("hezo_billing")
		try:
			doc = _draft_document(customer, period, currency)
			for line in sorted(lines, key=lambda x: x["billing_key"]):
				doc.append("lines", {f: line.get(f) for f in LINE_FIELDS})
			doc.total = sum((money(row.amount) for row in doc.lines), money(0))
			doc.save(ignore_permissions=True)
			if "erpnext" in frappe.get_installed_apps():
				from hezo_service.services.billing.erpnext_invoice import sync_sales_invoice

				sync_sales_invoice(doc)
		except Exception:
			frappe.db.rollback(save_point="hezo_billing")
			raise
		documents.append(doc.name)
		if commit:
			frappe.db.commit()
	return documents


def _draft_document(customer: str, period: str, currency: str):
	"""The customer's open (Draft) document of the period, or a new one; a document already exported or
	invoiced is never changed, the next lines go to a new one."""
	name = frappe.db.get_value(
		"HEZO Billing Document",
		{"customer": customer, "period": period, "currency": currency, "status": "Draft"},
		"name",
		for_update=True,
	)
	if name:
		return frappe.get_doc("HEZO Billing Document", name)
	seq = frappe.db.count(
		"HEZO Billing Document", {"customer": customer, "period": period, "currency": currency}
	)
	first = getdate(f"{period}-01")
	return frappe.get_doc(
		{
			"doctype": "HEZO Billing Document",
			"customer": customer,
			"period": period,
			"period_start": first,
			"period_end": frappe.utils.get_last_day(first),
			"currency": currency,
			"status": "Draft",
			"document_key": f"{customer}|{period}|{currency}|{seq + 1}",
		}
	).insert(ignore_permissions=True)


# -- export for the finance system -------------------------------------------------------------------

EXPORT_COLUMNS = (
	("document", "Document"),
	("period", "Period"),
	("customer_nip", "NIP"),
	("customer_name", "Customer"),
	("currency", "Currency"),
	("billing_key", "Billing key"),
	("source", "Source"),
	("contract", "Contract"),
	("line_date", "Date"),
	("description", "Description"),
	("qty", "Quantity"),
	("rate", "Rate"),
	("amount", "Amount"),
)


def export_rows(name: str) -> list[list]:
	doc = frappe.get_doc("HEZO Billing Document", name)
	rows = [[label for _f, label in EXPORT_COLUMNS]]
	for line in doc.lines:
		values = {
			"document": doc.name,
			"period": doc.period,
			"customer_nip": doc.customer_nip,
			"customer_name": doc.customer_name,
			"currency": doc.currency,
			**{f: line.get(f) for f in LINE_FIELDS},
		}
		values["line_date"] = str(values["line_date"] or "")
		for money_field in ("rate", "amount"):
			values[money_field] = str(money(values[money_field]))
		values["qty"] = str(values["qty"])
		rows.append([values[f] for f, _label in EXPORT_COLUMNS])
	return rows


def export(name: str, fmt: str = "csv") -> tuple[str, bytes]:
	rows = export_rows(name)
	if fmt == "xlsx":
		from frappe.utils.xlsxutils import make_xlsx

		return f"{name}.xlsx", make_xlsx(rows, name[:31]).getvalue()
	buffer = io.StringIO()
	csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
	return f"{name}.csv", buffer.getvalue().encode("utf-8-sig")
