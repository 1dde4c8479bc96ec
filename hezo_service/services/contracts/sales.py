"""A HEZO service sold on a Sales Order becomes a draft HEZO contract for staff to confirm.

The partner orders the package (an Item that names a HEZO plan and a term) with the end customer's
NIP as given in the ordering process and the serials of the covered devices. Everything wrong with
the order is said at once, on the order, and the order is not submitted; nothing is half-created
because the contracts are inserted in the submit's own transaction. Why the Sales Order and not the
Sales Invoice: docs/decisions.md, "Inside ERPNext: contracts from the sale"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate

from hezo_service.core.contracts import TermError, check_term, offered_terms, term_end
from hezo_service.core.contracts.sales import parse_serials, repeated_serials
from hezo_service.core.customers.tax_ids import choose_end_customer
from hezo_service.core.portal import normalise_nip
from hezo_service.services.common.customers import end_customers_with_nip, with_contracts
from hezo_service.services.contracts import renewal_requests
from hezo_service.services.contracts.contracts import overlapping_contracts

# ERPNext's Serial No statuses of a unit that has left the distributor's stock to a buyer
SOLD_STATUSES = ("Delivered",)


class SaleRefused(frappe.ValidationError):
	http_status_code = 422


@dataclass
class ContractDraft:
	contract_no: str
	plan: str
	term_years: int
	start: date
	end: date
	price: float
	serials: list[str] = field(default_factory=list)


def before_submit(order, method=None) -> None:
	drafts_for(order)
	renewal_requests.check_order(order)


def on_submit(order, method=None) -> None:
	# a renewal sold (a partner's renewal request, services/contracts/renewal_requests.py): the one rule
	renewal_requests.renew_from_order(order)
	drafts = drafts_for(order)
	if not drafts:
		return
	end_customer = end_customer_of(order)
	for draft in drafts:
		if frappe.db.exists("HEZO Contract", draft.contract_no):
			continue
		frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": draft.contract_no,
				"status": "Draft",
				"customer": end_customer,
				"partner": order.customer,
				"plan": draft.plan,
				"term_years": draft.term_years,
				"start_date": draft.start,
				"end_date": draft.end,
				"price": draft.price,
				"currency": order.currency,
				"sales_order": order.name,
				"devices": [{"device": serial} for serial in draft.serials],
			}
		).insert(ignore_permissions=True)
	frappe.msgprint(
		_("Draft HEZO contracts made for staff to confirm: {0}").format(
			", ".join(d.contract_no for d in drafts)
		),
		alert=True,
	)


def on_cancel(order, method=None) -> None:
	"""A cancelled order takes its draft contracts with it; a contract staff confirmed stays and
	blocks the cancel (it has to be cancelled on its own first)."""
	made = frappe.get_all("HEZO Contract", filters={"sales_order": order.name}, fields=["name", "status"])
	confirmed = [c.name for c in made if c.status != "Draft"]
	if confirmed:
		frappe.throw(
			_("Contracts {0} made from this order are already confirmed; cancel them first.").format(
				", ".join(confirmed)
			),
			SaleRefused,
			title=_("HEZO contracts"),
		)
	for contract in made:
		frappe.delete_doc("HEZO Contract", contract.name, ignore_permissions=True)


def service_plan_of_items(item_codes: list[str]) -> dict[str, tuple[str, int]]:
	"""Item -> (HEZO plan, term in years) for the items that sell a HEZO service."""
	if not item_codes:
		return {}
	rows = frappe.get_all(
		"Item",
		filters={"name": ["in", item_codes], "hezo_service_plan": ["is", "set"]},
		fields=["name", "hezo_service_plan", "hezo_term_years"],
	)
	return {r.name: (r.hezo_service_plan, int(r.hezo_term_years or 0)) for r in rows}


def end_customer_of(order) -> str | None:
	return end_customer_choice(order)[0]


def end_customer_choice(order) -> tuple[str | None, list[str]]:
	"""The end customer the order's NIP names (matched on the normalised `hezo_nip`): staff's choice
	(`hezo_end_customer`) when several customers share the NIP, else the only one, or the only one with
	a HEZO contract; or (None, the customers to choose from)."""
	candidates = end_customers_with_nip(normalise_nip(order.get("hezo_end_customer_nip")))
	chosen = order.get("hezo_end_customer")
	return choose_end_customer(candidates, with_contracts(candidates) if not chosen else (), chosen)


def end_customer_refusals(order, typed_nip: str) -> list[str]:
	customer, choices = end_customer_choice(order)
	if customer:
		return []
	if choices:
		return [
			_(
				"Customers {0} all have NIP {1}: choose the one the contracts are for in the field End "
				"customer (HEZO)."
			).format(", ".join(choices), typed_nip)
		]
	if order.get("hezo_end_customer"):
		return [
			_(
				"Customer {0} does not have NIP {1} (or is a partner or disabled): choose one that has."
			).format(order.hezo_end_customer, typed_nip)
		]
	return [_("No end customer with NIP {0} is known; add the customer first.").format(typed_nip)]


def drafts_for(order) -> list[ContractDraft]:
	"""The draft contracts the order makes, or one message with every reason it cannot."""
	services = service_plan_of_items(list({row.item_code for row in order.items}))
	lines = [row for row in order.items if row.item_code in services]
	if not lines:
		return []
	refusals = party_refusals(order)
	start = getdate(order.get("hezo_coverage_start") or order.delivery_date or order.transaction_date)
	plans = {
		p.name: p
		for p in frappe.get_all(
			"HEZO Service Plan",
			filters={"name": ["in", list({services[r.item_code][0] for r in lines})]},
			fields=["name", "term_years", "max_total_years"],
		)
	}
	all_serials = [s for row in lines for s in parse_serials(row.get("hezo_serial_nos"))]
	known = {
		s.name: s
		for s in frappe.get_all(
			"Serial No", filters={"name": ["in", all_serials or [""]]}, fields=["name", "item_code", "status"]
		)
	}
	items_on_order = {row.item_code for row in order.items}
	seen_on_order: dict[str, int] = {}
	drafts = []
	for row in lines:
		plan_name, years = services[row.item_code]
		plan = plans[plan_name]
		try:
			check_term(years, offered_terms(plan.term_years), plan.max_total_years)
		except TermError as error:
			refusals.append(_("Line {0}: {1} ({2}).").format(row.idx, str(error), plan_name))
			continue
		serials = parse_serials(row.get("hezo_serial_nos"))
		if not serials:
			refusals.append(_("Line {0}: give the serial numbers of the covered devices.").format(row.idx))
			continue
		end = term_end(start, years)
		refusals += serial_refusals(row, serials, known, items_on_order, seen_on_order)
		refusals += coverage_clashes(row.idx, serials, start, end)
		drafts.append(
			ContractDraft(
				contract_no=f"HZ-{order.name}-{row.idx}".upper(),
				plan=plan_name,
				term_years=years,
				start=start,
				end=end,
				price=flt(row.amount),
				serials=serials,
			)
		)
	if refusals:
		frappe.throw(
			"<br>".join(frappe.utils.escape_html(r) for r in refusals),
			SaleRefused,
			title=_("HEZO contracts cannot be made from this order"),
		)
	return drafts


def party_refusals(order) -> list[str]:
	"""Why the order's parties cannot have a HEZO contract: the buyer must be a partner, the end
	customer's NIP valid and naming one customer."""
	refusals: list[str] = []
	if not frappe.db.get_value("Customer", order.customer, "hezo_is_partner"):
		refusals.append(
			_("{0} is not a HEZO partner: a HEZO service is sold through a partner.").format(order.customer)
		)
	typed_nip = (order.get("hezo_end_customer_nip") or "").strip()
	if not typed_nip:
		refusals.append(_("The end customer's NIP is missing (field End customer NIP)."))
	elif not normalise_nip(typed_nip):
		refusals.append(_("{0} is not a valid Polish NIP.").format(typed_nip))
	else:
		refusals += end_customer_refusals(order, typed_nip)
	return refusals


def serial_refusals(
	row, serials: list[str], known: dict, items_on_order: set, seen_on_order: dict
) -> list[str]:
	"""Why a line's serials cannot be covered: typed twice, on another line, unknown, or not sold (a
	unit in stock may be covered when its item is sold on this order). Records each serial's first line
	in `seen_on_order`."""
	refusals = [
		_("Line {0}: serial {1} is typed twice.").format(row.idx, serial)
		for serial in repeated_serials(row.get("hezo_serial_nos"))
	]
	for serial in serials:
		if serial in seen_on_order:
			refusals.append(
				_("Line {0}: serial {1} is already on line {2}.").format(
					row.idx, serial, seen_on_order[serial]
				)
			)
		seen_on_order.setdefault(serial, row.idx)
		unit = known.get(serial)
		if not unit:
			refusals.append(
				_("Line {0}: serial {1} is not a serial number in ERPNext.").format(row.idx, serial)
			)
		elif unit.status not in SOLD_STATUSES and unit.item_code not in items_on_order:
			refusals.append(
				_("Line {0}: serial {1} was not sold (it is {2}, and its item is not on this order).").format(
					row.idx, serial, _(unit.status or "Inactive")
				)
			)
	return refusals


def coverage_clashes(idx: int, serials: list[str], start, end) -> list[str]:
	"""A device has at most one contract a day: every serial already covered in [start, end]."""
	return [
		_("Line {0}: serial {1} is already covered by contract {2} from {3} to {4}.").format(
			idx,
			clash.device,
			clash.contract,
			frappe.utils.formatdate(clash.start_date),
			frappe.utils.formatdate(clash.end_date),
		)
		for clash in overlapping_contracts(serials, start, end)
	]
