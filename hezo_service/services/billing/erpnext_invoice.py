"""When ERPNext is installed on the site, a billing document also becomes a draft Sales Invoice with
the same lines (finance submits it). The HEZO Billing Document stays the ledger of billed keys.

The invoice belongs to the site's default company and is in the billing document's currency (the
contract's), with the exchange rate to the company's currency that ERPNext needs, and carries the
company's Polish VAT 23 % template. Its Customer and Item are found or created here. Once finance
submits the invoice, its billing document is Invoiced: later lines go to a new document and invoice."""

from __future__ import annotations

import erpnext
import frappe
from erpnext.setup.utils import get_exchange_rate
from frappe import _
from frappe.utils.nestedset import get_root_of

from hezo_service.site_setup import vat_template

DEFAULT_ITEM_CODE = "HEZO-SERVICE"


class BillingSetupError(frappe.ValidationError):
	"""The site lacks what an invoice needs (a default company, an exchange rate)."""


def _erp_customer(billing) -> str:
	"""The billing document's customer is the ERPNext Customer itself."""
	return billing.customer


def billing_item() -> str:
	"""The Item every billed line is invoiced as (HEZO Settings), created as a service on first use."""
	code = frappe.db.get_single_value("HEZO Settings", "billing_item_code") or DEFAULT_ITEM_CODE
	if frappe.db.exists("Item", code):
		return code
	item = frappe.new_doc("Item")  # ERPNext's defaults: the stock UOM (its own, translated name)
	item.update(
		{
			"item_code": code,
			"item_name": "Usługa serwisowa HEZO / HEZO service",
			"item_group": frappe.db.get_single_value("Stock Settings", "item_group")
			or get_root_of("Item Group"),
			"is_stock_item": 0,
			"is_sales_item": 1,
			"include_item_in_manufacturing": 0,
		}
	)
	return item.insert(ignore_permissions=True).name


def invoice_company() -> str:
	company = erpnext.get_default_company()
	if not company:
		frappe.throw(_("Set a default company (Global Defaults) before billing."), BillingSetupError)
	return company


def conversion_rate(currency: str, company: str, on) -> float:
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


def _new_invoice(billing):
	company = invoice_company()
	invoice = frappe.new_doc("Sales Invoice")
	invoice.company = company
	invoice.customer = _erp_customer(billing)
	invoice.currency = billing.currency
	invoice.conversion_rate = conversion_rate(billing.currency, company, billing.period_end)
	invoice.posting_date = billing.period_end
	invoice.set_posting_time = 1
	invoice.remarks = f"HEZO {billing.name}"
	invoice.taxes_and_charges = vat_template(company)
	invoice.set_taxes()  # the template's rows (ERPNext's: the company's default template if none)
	return invoice


def sync_sales_invoice(billing) -> str:
	item_code = billing_item()
	invoice = None
	if (
		billing.sales_invoice
		and frappe.db.get_value("Sales Invoice", billing.sales_invoice, "docstatus") == 0
	):
		invoice = frappe.get_doc("Sales Invoice", billing.sales_invoice)
		invoice.items = []
	if invoice is None:
		invoice = _new_invoice(billing)
	for line in billing.lines:
		invoice.append(
			"items",
			{
				"item_code": item_code,
				"description": f"{line.description} [{line.billing_key}]",
				"qty": line.qty,
				"rate": line.rate,
			},
		)
	invoice.save(ignore_permissions=True)  # a draft: docstatus 0
	billing.db_set("sales_invoice", invoice.name)
	return invoice.name


def on_sales_invoice_submit(invoice, method=None) -> None:
	"""doc_events hook: a submitted invoice closes its billing document (no line is invoiced twice)."""
	frappe.db.set_value("HEZO Billing Document", {"sales_invoice": invoice.name}, "status", "Invoiced")
