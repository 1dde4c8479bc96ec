"""A partner's renewal request becomes a draft ERPNext Quotation for the partner; the sale of a
renewal then goes the way every HEZO sale goes (docs/decisions.md, "Renewal requests: a Quotation"):

request (portal) -> draft Quotation (renewal Item, term, price, the reactivation fee a renewal would
carry today) -> the desk checks and submits it, makes the Sales Order from it (ERPNext's own
mapping carries the line's `hezo_renews_contract` and `hezo_renewal_term`) -> the Sales Order's
submit (services/contracts/sales.py) renews the contract with the one renewal rule
(`lifecycle.renew`), the renewal linked to the order. Billing leaves such a renewal to the order's own
invoicing (billable_lines: a renewal with a Sales Order is not billed again)."""

from __future__ import annotations

import erpnext
import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from hezo_service.core.contracts import quote_renewal
from hezo_service.services.billing.billable_lines import REACTIVATION_FEE, RENEWAL
from hezo_service.services.billing.sales_invoices import RENEWAL_ITEM_PREFIX, billing_item, vat_template
from hezo_service.services.contracts.coverage import in_force

QUOTATION_VALID_DAYS = 30


class RenewalRequestRefused(frappe.ValidationError):
	http_status_code = 409


def requested_renewals(contracts: list[str]) -> dict[str, str]:
	"""contract -> the Quotation or Sales Order (draft or submitted) that already asks for its renewal:
	one statement for a page of contracts."""
	if not contracts:
		return {}
	found: dict[str, str] = {}
	for doctype in ("Quotation", "Sales Order"):
		for contract, parent in frappe.db.sql(
			f"""select i.hezo_renews_contract, i.parent from `tab{doctype} Item` i
			join `tab{doctype}` d on d.name = i.parent
			where i.hezo_renews_contract in %(contracts)s and d.docstatus < 2
				and d.status not in ('Lost', 'Expired', 'Cancelled', 'Closed')""",
			{"contracts": contracts},
		):
			found.setdefault(contract, parent)
	return found


def request_renewal(
	contract_name: str, partners: list[str], requested_by: str, customers: list[str] | tuple = ()
) -> dict:
	"""The draft Quotation for the partner of `contract_name`, asked by the partner (one of `partners`)
	or by the end customer (one of `customers`, from the customer portal; a contract sold without a
	partner is quoted to the customer itself); refused in one message when the contract is neither's
	(404, as a missing one), renewed, cancelled or already requested."""
	from hezo_service.services.portal.scope import NotFoundInPortal

	name = (contract_name or "").strip()
	# the contract's row locked: two requests at once make one quotation
	row = (
		frappe.db.sql(
			"""select c.name, c.partner, c.customer, c.plan, c.status, c.end_date, c.term_years, c.price, c.currency,
				c.renewed_to, p.reactivation_fee_percent, p.reactivation_fee_fixed, p.reactivation_grace_days
			from `tabHEZO Contract` c left join `tabHEZO Service Plan` p on p.name = c.plan
			where c.name = %s for update""",
			name,
			as_dict=True,
		)
		if name
		else []
	)
	if not row or not (row[0].partner in partners or row[0].customer in customers):
		raise NotFoundInPortal(_("Not found."))
	contract = row[0]
	by_partner = contract.partner in partners
	if contract.renewed_to:
		frappe.throw(
			_("Contract {0} has already been renewed by {1}.").format(contract.name, contract.renewed_to),
			RenewalRequestRefused,
		)
	if not in_force(contract.status):
		frappe.throw(
			_("Contract {0} cannot be renewed: it is {1}.").format(contract.name, _(contract.status)),
			RenewalRequestRefused,
		)
	already = requested_renewals([contract.name]).get(contract.name)
	if already:
		frappe.throw(
			_("A renewal of contract {0} has already been requested ({1}).").format(contract.name, already),
			RenewalRequestRefused,
		)
	on = getdate(today())
	term = int(contract.term_years or 1)
	quote = quote_renewal(
		getdate(contract.end_date),
		on,
		term,
		contract.price or 0,
		contract.reactivation_fee_percent,
		contract.reactivation_fee_fixed,
		contract.reactivation_grace_days,
	)
	company = erpnext.get_default_company()
	quotation = frappe.new_doc("Quotation")
	quotation.update(
		{
			"quotation_to": "Customer",
			"party_name": contract.partner or contract.customer,
			"company": company,
			"currency": contract.currency or erpnext.get_company_currency(company),
			"transaction_date": on,
			"valid_till": add_days(on, QUOTATION_VALID_DAYS),
			"order_type": "Sales",
			"taxes_and_charges": vat_template(company),
		}
	)
	quotation.append(
		"items",
		{
			"item_code": billing_item(RENEWAL, contract.plan),
			"qty": 1,
			"rate": quote.renewal_price,
			"description": _("Renewal of contract {0} ({1}), {2} year(s): {3} - {4}").format(
				contract.name, contract.plan, term, quote.new_start, quote.new_end
			),
			"hezo_renews_contract": contract.name,
			"hezo_renewal_term": term,
		},
	)
	if quote.reactivation_fee > 0:
		quotation.append(
			"items",
			{
				"item_code": billing_item(REACTIVATION_FEE),
				"qty": 1,
				"rate": quote.reactivation_fee,
				"description": _("Reactivation fee of contract {0}: {1} days after its end").format(
					contract.name, quote.lapsed_days
				),
			},
		)
	if quotation.taxes_and_charges:
		quotation.set_taxes()
	quotation.flags.ignore_permissions = True
	quotation.insert()
	quotation.add_comment(
		"Info",
		(
			_("Renewal requested in the partner portal by {0}.")
			if by_partner
			else _("Renewal requested in the customer portal by {0}.")
		).format(requested_by),
	)
	return {
		"quotation": quotation.name,
		"contract": contract.name,
		"renewal_price": str(quote.renewal_price),
		"reactivation_fee": str(quote.reactivation_fee),
		"message": _(
			"Renewal of contract {0} requested. The HEZO desk will confirm it; quotation {1}."
		).format(contract.name, quotation.name),
	}


# -- the sale of a renewal (Sales Order hooks, called from services/contracts/sales.py) ---------------


def renewal_lines(order) -> list:
	return [
		row
		for row in order.items
		if row.get("hezo_renews_contract") and (row.item_code or "").startswith(RENEWAL_ITEM_PREFIX)
	]


def check_order(order) -> None:
	"""before_submit: each renewal line renews a contract this partner sold that can still be renewed."""
	from hezo_service.services.contracts.sales import SaleRefused

	refusals = []
	for row in renewal_lines(order):
		contract = frappe.db.get_value(
			"HEZO Contract",
			row.hezo_renews_contract,
			["name", "partner", "status", "renewed_to"],
			as_dict=True,
		)
		if not contract or contract.partner != order.customer:
			refusals.append(
				_("Line {0}: contract {1} was not sold by {2}.").format(
					row.idx, row.hezo_renews_contract, order.customer
				)
			)
		elif contract.renewed_to:
			refusals.append(
				_("Line {0}: contract {1} has already been renewed by {2}.").format(
					row.idx, contract.name, contract.renewed_to
				)
			)
		elif not in_force(contract.status):
			refusals.append(
				_("Line {0}: contract {1} cannot be renewed: it is {2}.").format(
					row.idx, contract.name, _(contract.status)
				)
			)
	if refusals:
		frappe.throw(
			"<br>".join(frappe.utils.escape_html(r) for r in refusals),
			SaleRefused,
			title=_("HEZO contracts cannot be renewed from this order"),
		)


def renew_from_order(order) -> list[str]:
	"""on_submit: the renewals, by the one renewal rule, at the line's term and price."""
	from hezo_service.services.contracts.lifecycle import renew

	made = []
	for row in renewal_lines(order):
		made.append(
			renew(
				row.hezo_renews_contract,
				term_years=row.get("hezo_renewal_term") or None,
				price=row.rate,
				sales_order=order.name,
			)
		)
	return made
