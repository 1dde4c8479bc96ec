"""The billing run: pending billable lines (`billable_lines.py`) become draft ERPNext Sales Invoices,
one per customer, month and currency, for finance to check and submit.

- The invoice belongs to the site's default company, is in the contract's currency with ERPNext's
  exchange rate to the company's currency, and carries the company's Polish VAT 23 % template.
- Each line is an Item of its kind (renewal per plan, reactivation fee, work over quota, unreturned
  unit): non-stock service Items in the Item Group "HEZO Services", made on first use.
- Keys: the invoice's `hezo_billing_key` (customer|period|currency|n) and each line's
  `hezo_billing_key` are unique custom fields. A draft of the period takes the new lines; a submitted
  or cancelled one is never changed, the next lines go to a new draft.
- One savepoint (and, in the scheduler, one commit) per invoice: a crash loses only the invoice being
  written, and the rerun bills it (docs/decisions.md, "Inside ERPNext: billing")."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import erpnext
import frappe
from erpnext.setup.utils import get_exchange_rate
from frappe import _
from frappe.utils import get_last_day, getdate
from frappe.utils.nestedset import get_root_of

from hezo_service.services.billing import billable_lines
from hezo_service.services.billing.billable_lines import (
	OVER_QUOTA,
	REACTIVATION_FEE,
	RENEWAL,
	UNRETURNED_UNIT,
)
from hezo_service.services.common.run_locks import run_lock

ITEM_GROUP = "HEZO Services"
# the Item each kind is invoiced as; renewals: one Item per plan, RENEWAL_ITEM_PREFIX + plan
KIND_ITEMS = {
	REACTIVATION_FEE: ("HEZO-REACTIVATION-FEE", "Opłata reaktywacyjna HEZO / HEZO reactivation fee"),
	OVER_QUOTA: ("HEZO-OVER-QUOTA", "Praca ponad limit umowy HEZO / HEZO work over quota"),
	UNRETURNED_UNIT: ("HEZO-UNRETURNED-UNIT", "Niezwrócone urządzenie / Unreturned unit"),
}
RENEWAL_ITEM_PREFIX = "HEZO-RENEWAL-"


class BillingSetupError(frappe.ValidationError):
	"""The site lacks what an invoice needs (a default company, an exchange rate, the VAT template)."""


# -- who is invoiced -------------------------------------------------------------------------------


def invoice_customer(contract: str) -> str:
	"""The ERPNext Customer a contract's lines are invoiced to: the contract's end customer."""
	return frappe.db.get_value("HEZO Contract", contract, "customer")


# -- what each line is invoiced as --------------------------------------------------------------------


def item_group() -> str:
	if not frappe.db.exists("Item Group", ITEM_GROUP):
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": ITEM_GROUP,
				"parent_item_group": get_root_of("Item Group"),
				"is_group": 0,
			}
		).insert(ignore_permissions=True)
	return ITEM_GROUP


def billing_item(kind: str, plan: str | None = None) -> str:
	"""The Item a line of this kind is invoiced as, made (a non-stock sales service) on first use."""
	if kind == RENEWAL:
		if not plan:
			frappe.throw(_("A renewal line needs its service plan."), BillingSetupError)
		code = f"{RENEWAL_ITEM_PREFIX}{plan}"
		name_pl, name_en = frappe.db.get_value("HEZO Service Plan", plan, ["plan_name_pl", "plan_name_en"])
		item_name = f"Odnowienie {name_pl or plan} / Renewal: {name_en or plan}"
	elif kind in KIND_ITEMS:
		code, item_name = KIND_ITEMS[kind]
	else:
		frappe.throw(_("Unknown kind of billing line: {0}").format(kind), BillingSetupError)
	if frappe.db.exists("Item", code):
		return code
	item = frappe.new_doc("Item")  # ERPNext's defaults: the stock UOM (its own, translated name)
	item.update(
		{
			"item_code": code,
			"item_name": item_name[:140],
			"item_group": item_group(),
			"is_stock_item": 0,
			"is_sales_item": 1,
			"is_purchase_item": 0,
			"include_item_in_manufacturing": 0,
		}
	)
	return item.insert(ignore_permissions=True).name


# -- the invoice -------------------------------------------------------------------------------------


def invoice_company() -> str:
	company = erpnext.get_default_company()
	if not company:
		frappe.throw(_("Set a default company (Global Defaults) before billing."), BillingSetupError)
	return company


def conversion_rate(currency: str, company: str, on: date) -> float:
	"""Rate from the invoice's currency to the company's (ERPNext's own lookup: Currency Exchange
	records, else its exchange rate service)."""
	company_currency = erpnext.get_company_currency(company)
	rate = get_exchange_rate(currency, company_currency, on, "for_selling")
	if not rate:
		frappe.throw(
			_("No exchange rate from {0} to {1} on {2}: add a Currency Exchange record.").format(
				currency, company_currency, frappe.format(on, "Date")
			),
			BillingSetupError,
		)
	return rate


def vat_template(company: str) -> str | None:
	"""The company's default Sales Taxes and Charges Template (ERPNext's own default: the setup wizard
	marks Poland VAT 23 % so; finance may choose another in the desk)."""
	from erpnext.controllers.accounts_controller import get_default_taxes_and_charges

	return (get_default_taxes_and_charges("Sales Taxes and Charges Template", company=company) or {}).get(
		"taxes_and_charges"
	)


def _sales_vat(company: str) -> str:
	template = vat_template(company)
	if not template:
		frappe.throw(
			_("Company {0} has no default Sales Taxes and Charges Template.").format(company),
			BillingSetupError,
		)
	return template


def _next_key(customer: str, period: str, currency: str) -> str:
	"""customer|period|currency|n, n one more than any invoice of that month has had (a deleted draft
	never makes a number come back onto an invoice that still holds it)."""
	prefix = f"{customer}|{period}|{currency}|"
	last = frappe.db.sql(
		"""select max(cast(substring_index(hezo_billing_key, '|', -1) as unsigned))
		from `tabSales Invoice` where left(hezo_billing_key, char_length(%(prefix)s)) = %(prefix)s""",
		{"prefix": prefix},
	)[0][0]
	return f"{prefix}{(last or 0) + 1}"


def draft_invoice(customer: str, period: str, currency: str):
	"""The customer's draft HEZO invoice of the month in that currency, or a new one (not saved)."""
	company = invoice_company()
	name = frappe.db.get_value(
		"Sales Invoice",
		{
			"company": company,
			"customer": customer,
			"hezo_billing_period": period,
			"currency": currency,
			"docstatus": 0,
			"hezo_billing_key": ["is", "set"],
		},
		"name",
		for_update=True,
	)
	if name:
		return frappe.get_doc("Sales Invoice", name)
	period_end = get_last_day(getdate(f"{period}-01"))
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update(
		{
			"company": company,
			"customer": customer,
			"currency": currency,
			"conversion_rate": conversion_rate(currency, company, period_end),
			"posting_date": period_end,
			"set_posting_time": 1,
			"hezo_billing_period": period,
			"hezo_billing_key": _next_key(customer, period, currency),
			"taxes_and_charges": _sales_vat(company),
			# a Polish VAT invoice states its total to the grosz, never rounded to whole złoty
			"disable_rounded_total": 1,
		}
	)
	invoice.set_taxes()  # the template's rows
	return invoice


def _add_line(invoice, line: dict) -> None:
	invoice.append(
		"items",
		{
			"item_code": billing_item(line["kind"], line.get("plan")),
			"description": line["description"],
			"qty": line["qty"],
			"rate": line["rate"],
			"hezo_billing_key": line["billing_key"],
			"hezo_contract": line.get("contract"),
			"hezo_reference_doctype": line.get("reference_doctype"),
			"hezo_reference_name": line.get("reference_name"),
		},
	)


def run_billing(upto: date | str | None = None, commit: bool = True, wait_seconds: int = 600) -> list[str]:
	"""Bill everything pending into draft Sales Invoices; returns the invoices written. One run at a
	time on every host (two would load the same draft invoice); the next waits up to `wait_seconds`,
	then bills only what is still pending."""
	with run_lock("HEZO billing", wait_seconds):
		if commit:
			frappe.db.commit()  # a snapshot taken now: it sees what the run before this one billed
		return _bill_pending(upto, commit)


def _bill_pending(upto: date | str | None, commit: bool) -> list[str]:
	groups: dict[tuple, list[dict]] = defaultdict(list)
	customers: dict[str, str] = {}
	for line in billable_lines.pending_lines(upto):
		contract = line["contract"]
		if contract not in customers:
			customers[contract] = invoice_customer(contract)
		period = getdate(line["line_date"]).strftime("%Y-%m")
		groups[(customers[contract], period, line["currency"])].append(line)
	invoices = []
	for (customer, period, currency), lines in sorted(groups.items()):
		frappe.db.savepoint("hezo_billing")
		try:
			invoice = draft_invoice(customer, period, currency)
			for line in sorted(lines, key=lambda x: x["billing_key"]):
				_add_line(invoice, line)
			invoice.save(ignore_permissions=True)  # a draft: docstatus 0
		except Exception:
			frappe.db.rollback(save_point="hezo_billing")
			raise
		invoices.append(invoice.name)
		if commit:
			frappe.db.commit()
	return invoices


def keys_stay_with_the_cancelled_invoice(invoice, method=None) -> None:
	"""Sales Invoice before_insert: an amendment copies every field, the unique billing keys too; they
	stay on the cancelled original, which keeps those things billed."""
	if not invoice.amended_from:
		return
	invoice.hezo_billing_key = None
	for item in invoice.items:
		item.hezo_billing_key = None
