"""The context of each partner page (/hezo/partner*): the partner's scope (services/portal/partner.py),
the page's lists a page at a time and their filter."""

from __future__ import annotations

from urllib.parse import urlencode

import frappe

from hezo_service.core.contracts import money
from hezo_service.core.contracts.coverage import CONTRACT_STATUSES
from hezo_service.services.portal import partner
from hezo_service.services.portal.web import pager_links, requested_pages, setup

# the statuses a partner filters by (a Draft is the desk's, never shown)
FILTER_STATUSES = tuple(s for s in CONTRACT_STATUSES if s != "Draft")


def partner_context(context, page: str, title: str) -> None:
	setup(context, title)
	names = partner.partners()
	context.partner_page = page
	context.partner_customers = partner.customers_overview(names)
	CONTEXTS[page](context, names)
	context.pagers = pager_links(context.pagers)


def contracts_page(context, names: list[str]) -> None:
	query = (frappe.form_dict.get("q") or "").strip()[:140]
	status = frappe.form_dict.get("status") or ""
	status = status if status in FILTER_STATUSES else ""
	pages = requested_pages("contracts")
	context.contracts, pager = partner.contracts(names, pages["contracts"], query, status or None)
	context.pagers = {"contracts": pager}
	context.q = query
	context.status = status
	context.statuses = FILTER_STATUSES
	args = {k: v for k, v in (("q", query), ("status", status)) if v}
	context.csv_url = "/api/method/hezo_service.api.partner.contracts_csv" + (
		"?" + urlencode(args) if args else ""
	)


def amount(value, currency: str | None) -> str:
	"""An amount as a Polish invoice writes it: "1 234,50 PLN" (English: "1,234.50 PLN")."""
	text = f"{money(value):,.2f}"
	if (frappe.local.lang or "pl") == "pl":
		text = text.replace(",", "\u00a0").replace(".", ",")
	return f"{text} {currency or 'PLN'}"


def renewals_page(context, names: list[str]) -> None:
	pages = requested_pages("renewals")
	context.renewals, pager = partner.renewals(names, pages["renewals"])
	for r in context.renewals:
		r.renewal_price_text = amount(r.renewal_price, r.currency)
		r.reactivation_fee_text = amount(r.reactivation_fee, r.currency)
	context.pagers = {"renewals": pager}
	context.horizon_days = partner.RENEWAL_HORIZON_DAYS


def service_page(context, names: list[str]) -> None:
	pages = requested_pages("tickets", "returns")
	context.tickets, tickets_pager = partner.open_tickets(names, pages["tickets"])
	context.returns, returns_pager = partner.rmas_awaiting_return(names, pages["returns"])
	context.pagers = {"tickets": tickets_pager, "returns": returns_pager}


def invoices_page(context, names: list[str]) -> None:
	pages = requested_pages("invoices")
	context.invoices, pager = partner.invoices(names, pages["invoices"])
	for i in context.invoices:
		i.grand_total_text = amount(i.grand_total, i.currency)
		i.outstanding_text = amount(i.outstanding_amount, i.currency)
	context.pagers = {"invoices": pager}


CONTEXTS = {
	"partner": contracts_page,
	"partner_renewals": renewals_page,
	"partner_service": service_page,
	"partner_invoices": invoices_page,
}
