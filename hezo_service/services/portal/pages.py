"""One context function per portal page. Each takes plain arguments, checks the scope and returns
plain dicts for the Jinja templates in `hezo_service/www/hezo/`. Sections of the device page and the
RMA page read the HEZO RMA DocType when it exists (it lands with the RMA issue)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.html_utils import sanitize_html
from markupsafe import Markup

from hezo_service.core.portal import out_of_hours, remaining, renewal_state
from hezo_service.core.portal.text import one_line
from hezo_service.core.tickets.flow import STOPPED_STATUSES, customer_move_refusal
from hezo_service.services.common.settings import return_terms
from hezo_service.services.common.timezone import aware, now
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.services.contracts.coverage import covering_filters, in_force
from hezo_service.services.contracts.renewal_requests import requested_renewals
from hezo_service.services.portal.paging import cut, limits
from hezo_service.services.portal.rma_receipt import can_confirm
from hezo_service.services.portal.scope import NotFoundInPortal, customers_of, require

# a covered device is a Serial No (model = its Item, vendor = the Item's brand): the names the pages use
DEVICE_VIEW = {
	"name": "name",
	"item_code": "model",
	"hezo_service_status": "status",
	"hezo_customer": "customer",
	"hezo_contract": "current_contract",
	"hezo_site_address": "site_address",
	"hezo_replaces": "replaces",
	"hezo_replaced_by": "replaced_by",
	"amc_expiry_date": "amc_expiry_date",
}
DEVICE_FIELDS = [f"{field} as {alias}" if field != alias else field for field, alias in DEVICE_VIEW.items()]
OPEN = ("Awaiting Details", "New", "In Progress", "Awaiting Customer", "Verification", "Confirmed")
CLOCKS = (
	("response", "response_due", "response_state", "Response"),
	("follow_up", "follow_up_due", "follow_up_state", "Follow-up"),
	("delivery", "delivery_due", "delivery_state", "Delivery"),
)
TICKET_SUMMARY_FIELDS = [
	"name",
	"subject",
	"status",
	"priority",
	"device",
	"sla_state",
	"reported_at",
	*(field for _key, due, state, _label in CLOCKS for field in (due, state)),
]
# what the portal shows of an RMA (never the permlevel-1 internals: notes, charge, spare unit, warehouse,
# vendor case number; see docs/decisions.md "RMAs in the portal")
RMA_FIELDS = [
	"name",
	"ticket",
	"status",
	"faulty_device",
	"vendor",
	"model",
	"replacement_serial",
	"replacement_device",
	"vendor_rma_no",
	"transport",
	"carrier",
	"outbound_waybill",
	"shipped_at",
	"delivered_at",
	"return_destination",
	"return_payer",
	"return_carrier",
	"return_waybill",
	"return_due",
	"return_received_at",
]
RETURN_STATES = {
	"awaiting": "Awaiting return",
	"overdue": "Return overdue",
	"received": "Returned",
}


def trusted_html(html: str | None) -> Markup:
	return Markup(sanitize_html(html or "", always_sanitize=True))


def has_rma() -> bool:
	return bool(frappe.db.exists("DocType", "HEZO RMA"))


def clocks_of(ticket) -> list[dict]:
	at = now()
	rows = []
	for key, due_field, state_field, label in CLOCKS:
		due = ticket.get(due_field)
		state = ticket.get(state_field)
		if not due and not state:
			continue
		left = remaining(at, aware(due)) if state in ("Running", "Paused") else None
		rows.append({"key": key, "label": _(label), "due": due, "state": state, "remaining": left})
	return rows


def renewal(contract, renewed_until=None) -> dict:
	"""The contract's lifecycle status (kept by the daily job: one source of truth) as the portal shows
	it, with the days left and, once renewed, the renewal and its end ("renewed until ...").
	`renewed_until`: the renewal's end when the caller read it already (a list reads them at once)."""
	if contract.get("renewed_to") and renewed_until is None:
		renewed_until = frappe.db.get_value("HEZO Contract", contract.renewed_to, "end_date")
	state = renewal_state(
		contract.status,
		frappe.utils.getdate(contract.start_date),
		frappe.utils.getdate(contract.end_date),
		now().date(),
		frappe.utils.getdate(renewed_until) if renewed_until else None,
	)
	return {
		"state": state.state,
		"days_left": state.days_left,
		"renewed_to": contract.get("renewed_to"),
		"renewed_until": state.renewed_until,
	}


# the contract states in which the customer may ask for a renewal (the desk confirms it)
RENEWABLE_STATES = ("expiring", "lapsed")


def dashboard(user: str | None = None, page_numbers: dict | None = None) -> dict:
	"""The dashboard's lists, each a page at a time (`page_numbers`: the page number of "contracts",
	"devices" and "tickets", 1 when not given): the statements stay the same however many records the
	customer has."""
	page_numbers = page_numbers or {}
	customers = customers_of(user)
	contracts, contracts_page = cut_page(
		"contracts",
		page_numbers,
		frappe.get_list,
		"HEZO Contract",
		fields=["name", "customer", "plan", "status", "start_date", "end_date", "renewed_to"],
		order_by="end_date asc, name asc",
	)
	renewals = [c.renewed_to for c in contracts if c.renewed_to]
	renewed_until = dict(
		frappe.get_all(
			"HEZO Contract", filters={"name": ["in", renewals]}, fields=["name", "end_date"], as_list=True
		)
		if renewals
		else []
	)
	usages = contracts_quotas(contracts)
	for c in contracts:
		c.renewal = renewal(c, renewed_until.get(c.renewed_to))
		c.quotas = usages.get(c.name, [])
		c.renewable = c.renewal["state"] in RENEWABLE_STATES and in_force(c.status) and not c.renewed_to
	requested = requested_renewals([c.name for c in contracts if c.renewable])
	for c in contracts:
		c.renewal_requested = c.name in requested
	devices, devices_page = cut_page(
		"devices", page_numbers, frappe.get_list, "Serial No", fields=DEVICE_FIELDS, order_by="name asc"
	)
	# one statement for every open ticket: the summary needs only these fields, never the documents
	tickets, tickets_page = cut_page(
		"tickets",
		page_numbers,
		frappe.get_list,
		"HEZO Ticket",
		filters={"status": ["in", OPEN]},
		fields=TICKET_SUMMARY_FIELDS,
		order_by="reported_at desc, name desc",
	)
	return {
		# the user's own customers (scope.customers_of); the role has no permission on ERPNext's Customer
		"customers": own_customers(customers),
		"contracts": contracts,
		"devices": with_vendor(devices),
		"tickets": [ticket_summary(t) for t in tickets],
		"pagers": {"contracts": contracts_page, "devices": devices_page, "tickets": tickets_page},
	}


def own_customers(customers: list[str]) -> list[dict]:
	"""Name and NIP of the user's own customers. A query builder read: `get_all` would load ERPNext's
	whole Customer meta (its custom fields and all) on every page for two columns."""
	if not customers:
		return []
	customer = frappe.qb.DocType("Customer")
	return (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name, customer.tax_id.as_("nip"))
		.where(customer.name.isin(customers))
		.run(as_dict=True)
	)


def ticket_history(search: str | None = None, page_number: int = 1) -> dict:
	"""The user's resolved and closed tickets, newest first, a page at a time; `search` narrows them to
	a ticket number, subject or serial containing it. One statement whatever the number of tickets."""
	search = one_line(search or "")[:100]
	or_filters = (
		[[field, "like", f"%{search}%"] for field in ("name", "subject", "serial_no")] if search else None
	)
	tickets, pager = cut_page(
		"tickets",
		{"tickets": page_number},
		frappe.get_list,
		"HEZO Ticket",
		filters={"status": ["in", STOPPED_STATUSES]},
		or_filters=or_filters,
		fields=["name", "subject", "status", "priority", "serial_no as device", "reported_at", "resolved_at"],
		order_by="reported_at desc, name desc",
	)
	return {"tickets": tickets, "search": search, "pagers": {"tickets": pager}}


def documents(page_numbers: dict | None = None) -> dict:
	"""The documents made for the user's customers, each list a page at a time: per RMA its return
	instructions and, once the replacement left, its delivery note; per completed work order its report
	(`has_report`). Downloads go through `api.portal` (scope-checked, 404 for anyone else)."""
	page_numbers = page_numbers or {}
	rmas, rmas_page = cut_page(
		"rmas",
		page_numbers,
		frappe.get_list,
		"HEZO RMA",
		fields=["name", "ticket", "status", "shipped_at"],
		order_by="creation desc",
	)
	work_orders, work_orders_page = cut_page(
		"work_orders",
		page_numbers,
		frappe.get_list,
		"HEZO Work Order",
		filters={"status": "Done"},
		fields=["name", "work_kind", "status", "completed_on", "report_required", "findings"],
		order_by="completed_on desc, name desc",
	)
	return {
		"rmas": rmas,
		"work_orders": [w for w in work_orders if has_report(w)],
		"pagers": {"rmas": rmas_page, "work_orders": work_orders_page},
	}


def cut_page(key: str, page_numbers: dict, read, *args, **kwargs) -> tuple[list, dict]:
	"""One page of a list (`read(*args, **kwargs)` with the page's limits) and where it stands."""
	number = page_numbers.get(key) or 1
	return cut(read(*args, **kwargs, **limits(number)), number)


def ticket_summary(ticket) -> dict:
	return {
		"name": ticket.name,
		"subject": ticket.subject,
		"status": ticket.status,
		"priority": ticket.priority,
		"device": ticket.device,
		"sla_state": ticket.sla_state,
		"reported_at": ticket.reported_at,
		"clocks": clocks_of(ticket),
	}


def device_view(serial_no) -> frappe._dict:
	"""A covered device (an ERPNext Serial No) as the portal pages name its parts."""
	return with_vendor([frappe._dict({alias: serial_no.get(field) for field, alias in DEVICE_VIEW.items()})])[
		0
	]


def with_vendor(devices: list) -> list:
	"""The vendor is the brand of the device's Item (the Serial No's own `brand` is filled by the
	desk form only); read with the query builder, without ERPNext's Item meta."""
	models = {d.model for d in devices if d.model}
	item = frappe.qb.DocType("Item")
	brands = (
		dict(frappe.qb.from_(item).select(item.name, item.brand).where(item.name.isin(list(models))).run())
		if models
		else {}
	)
	for d in devices:
		d.vendor = brands.get(d.model)
	return devices


def device(serial: str, tickets_page: int = 1) -> dict:
	doc = device_view(require("Serial No", (serial or "").strip().upper()))
	contracts = frappe.get_list(
		"HEZO Contract",
		filters=[["HEZO Contract Device", "device", "=", doc.name]],
		fields=["name", "plan", "status", "start_date", "end_date", "renewed_to"],
		order_by="end_date desc",
	)
	for c in contracts:
		c.renewal = renewal(c)
	tickets, tickets_pager = cut_page(
		"tickets",
		{"tickets": tickets_page},
		frappe.get_list,
		"HEZO Ticket",
		filters={"device": doc.name},
		fields=["name", "subject", "status", "priority", "reported_at", "resolved_at"],
		order_by="reported_at desc, name desc",
	)
	return {
		"device": doc,
		"contracts": contracts,
		"tickets": tickets,
		"pagers": {"tickets": tickets_pager},
		"sections": device_sections(doc),
		"genealogy": genealogy(doc),
	}


def device_sections(doc) -> list[dict]:
	"""Extra sections of the device page: RMAs of this unit and its inspections / scheduled work (HEZO
	Work Orders of the contracts covering it); the permission hooks scope both to the user's customers."""
	sections = []
	if has_rma():
		rows = frappe.get_list(
			"HEZO RMA",
			filters={"faulty_device": doc.name},
			fields=[f for f in RMA_FIELDS if f != "faulty_device"],
			order_by="creation desc",
		)
		sections.append({"key": "rma", "title": _("RMAs"), "rows": [rma_view(r) for r in rows]})
	sections.append(
		{"key": "inspection", "title": _("Inspections and scheduled work"), "rows": work_orders_of(doc.name)}
	)
	return sections


def genealogy(doc) -> dict:
	"""Replaces / replaced by (the RMA's serial swap), each a link only when the user may open it."""
	links = {}
	for field in ("replaces", "replaced_by"):
		other = doc.get(field)
		links[field] = (
			{"name": other, "link": bool(frappe.has_permission("Serial No", "read", doc=other))}
			if other
			else None
		)
	return links


def rma_view(row) -> dict:
	"""An RMA as the portal shows it: its public fields and the return state at this moment."""
	from hezo_service.core.portal.rma import return_state

	view = frappe._dict({f: row.get(f) for f in RMA_FIELDS})
	state = return_state(aware(row.get("return_due")), aware(row.get("return_received_at")), now())
	view.return_state = state
	view.return_state_label = _(RETURN_STATES[state]) if state else ""
	return view


def priorities_for(plan_code: str) -> list[dict]:
	lang = frappe.local.lang or "pl"
	rows = frappe.get_all(
		"HEZO Plan Priority",
		filters={"parent": plan_code, "parenttype": "HEZO Service Plan"},
		fields=["priority", "label_pl", "label_en", "description_pl", "description_en", "response_hours"],
		order_by="idx",
	)
	return [
		{
			"priority": r.priority,
			"label": (r.label_pl if lang == "pl" else r.label_en) or r.priority,
			"description": (r.description_pl if lang == "pl" else r.description_en) or "",
			"response_hours": r.response_hours,
		}
		for r in rows
	]


# the new-ticket form lists this many covered devices; a customer with more finds one by its serial
DEVICE_CHOICES = 50


def new_ticket(selected: str | None = None) -> dict:
	"""Covered devices (with the contract covering them today, the first DEVICE_CHOICES of them and
	the selected one) and each plan's priorities in plain words."""
	selected = (selected or "").strip().upper()
	covering = [
		["HEZO Contract", field, *condition] for field, condition in covering_filters(now().date()).items()
	]
	fields = ["name", "plan", "`tabHEZO Contract Device`.device as device"]
	rows = frappe.get_list(
		"HEZO Contract",
		filters=covering,
		fields=fields,
		order_by="name asc",
		limit_page_length=DEVICE_CHOICES + 1,
	)
	devices = [r for r in rows[:DEVICE_CHOICES] if r.device]
	if selected and selected not in {d.device for d in devices}:
		devices += frappe.get_list(
			"HEZO Contract",
			filters=[*covering, ["HEZO Contract Device", "device", "=", selected]],
			fields=fields,
			limit_page_length=1,
		)
	plans = {r.plan for r in devices}
	return {
		"devices": devices,
		"priorities": {p: priorities_for(p) for p in sorted(plans)},
		"selected": selected,
		"more_devices": len(rows) > DEVICE_CHOICES,
	}


def ticket(name: str) -> dict:
	doc = require("HEZO Ticket", name)
	communications = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "HEZO Ticket",
			"reference_name": doc.name,
			"communication_type": "Communication",
		},
		fields=["name", "sender_full_name", "sender", "sent_or_received", "content", "communication_date"],
		order_by="communication_date asc, creation asc",
	)
	# the only HTML the portal shows as HTML: messages (e-mail bodies), cleaned by Frappe's sanitiser
	# (always: it skips text that parses as JSON); every other value is escaped by the templates
	for m in communications:
		m.content = trusted_html(m.content)
	doc.description = trusted_html(doc.description)
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "HEZO Ticket", "attached_to_name": doc.name},
		fields=["name", "file_name", "file_url", "file_size", "creation"],
		order_by="creation asc",
	)
	proposals = frappe.get_all(
		"HEZO Delivery Proposal",
		filters={"ticket": doc.name},
		fields=["name", "proposed_delivery_at", "status", "note", "answered_at"],
		order_by="creation desc",
	)
	rmas = []
	if has_rma():
		rmas = frappe.get_all("HEZO RMA", filters={"ticket": doc.name}, fields=["name", "status"])
	return {
		"ticket": doc,
		"summary": ticket_summary(doc),
		"out_of_hours": is_out_of_hours(doc),
		"communications": communications,
		"files": files,
		"proposals": proposals,
		"rmas": rmas,
		"visits": onsite_visits(doc.name),
		"quota": ticket_quota(doc),
		"is_open": doc.status != "Closed",
		# the customer's own moves (core/tickets/flow.customer_move_refusal)
		"can_close": customer_move_refusal("close", doc.status, aware(doc.resolved_at), now()) is None,
		"can_reopen": customer_move_refusal("reopen", doc.status, aware(doc.resolved_at), now()) is None,
	}


def is_out_of_hours(doc) -> bool:
	if not (doc.plan and doc.priority and doc.clock_started_at):
		return False
	catalogue = get_catalogue()
	terms = catalogue.plan(doc.plan).priority(doc.priority)
	started = aware(doc.clock_started_at)
	window = catalogue.calendars[terms.request_calendar]
	return out_of_hours(window.is_open(started), aware(doc.response_due), started)


def rma(name: str) -> dict:
	"""The RMA page: 404 for anything not the user's customers' (the same answer as a missing one)."""
	if not has_rma():
		raise NotFoundInPortal(_("Not found."))
	doc = require("HEZO RMA", (name or "").strip())
	view = rma_view(doc)
	replacement = view.replacement_device
	receivable = can_confirm(doc)
	return {
		"rma": view,
		"can_confirm_receipt": receivable,
		"return_days": return_terms(doc.plan).return_days if receivable else None,
		"visits": onsite_visits(doc.ticket),
		"replacement_link": bool(replacement and frappe.has_permission("Serial No", "read", doc=replacement)),
		"return_instructions": bool(doc.return_waybill or doc.return_due)
		and bool(frappe.db.exists("Print Format", "HEZO Return Instructions")),
	}


# what the portal shows of an engineer's on-site visit (never the engineer, the notes or the
# configuration copy)
VISIT_FIELDS = ["name", "arrived_at", "left_at", "onsite_due", "onsite_state"]


def onsite_visits(ticket: str) -> list[dict]:
	"""The on-site visits of a ticket the caller has already been allowed to read (the visit DocType
	itself stays closed to portal users), first arrival first."""
	return frappe.get_all(
		"HEZO Onsite Visit",
		filters={"ticket": ticket},
		fields=VISIT_FIELDS,
		order_by="arrived_at asc, creation asc",
	)


# --- contract lifecycle, quotas and scheduled work in the portal
WORK_KINDS = {
	"inspection": "Inspection (system care)",
	"config_log_review": "Configuration and log review",
	"firmware_upgrade": "Firmware upgrade",
	"deployment_remote": "Remote deployment",
	"deployment_onsite": "On-site installation",
}
# what the portal shows of a work order (never the permlevel-1 engineer and schedule key)
WORK_ORDER_FIELDS = [
	"name",
	"contract",
	"work_kind",
	"status",
	"due_date",
	"completed_on",
	"report_required",
	"findings",
]


def quota_label(quota: dict) -> str:
	lang = frappe.local.lang or "pl"
	return (quota.get("label_pl") if lang == "pl" else quota.get("label_en")) or quota.get("kind") or ""


def contracts_quotas(contracts: list) -> dict[str, list[dict]]:
	"""The current contract year's quota usage of the contracts in force among a page the user may
	read (the quotas service, two statements for the page), each row with its label."""
	from hezo_service.services.contracts.quotas import quota_usages

	usages = quota_usages([c for c in contracts if in_force(c.status)], now().date())
	for rows in usages.values():
		for row in rows:
			row["label"] = quota_label(row)
	return usages


def ticket_quota(doc) -> dict | None:
	"""The quota use a fulfilled ticket consumed: its position in the contract year, the limit and
	whether it is over the quota (billable)."""
	from hezo_service.services.contracts.quotas import plan_quotas

	if not doc.get("quota_position") or not doc.contract:
		return None
	plan = doc.plan or frappe.db.get_value("HEZO Contract", doc.contract, "plan")
	quota = next((q for q in plan_quotas(plan) if q.quota_kind == doc.request_kind), None)
	return {
		"kind": doc.request_kind,
		"label": quota_label({**(quota or {}), "kind": doc.request_kind}),
		"position": doc.quota_position,
		"limit": (quota.per_contract_year or 0) if quota else None,
		"contract_year": doc.quota_contract_year,
		"billable": bool(doc.quota_billable),
	}


def work_orders_of(serial: str) -> list[dict]:
	"""Work orders of the contracts covering the device (scoped by the permission hooks), newest due
	first, each with its kind in words and whether its report PDF can be downloaded."""
	contracts = frappe.get_list(
		"HEZO Contract", filters=[["HEZO Contract Device", "device", "=", serial]], pluck="name"
	)
	if not contracts:
		return []
	rows = frappe.get_list(
		"HEZO Work Order",
		filters={"contract": ["in", contracts], "status": ["!=", "Cancelled"]},
		fields=WORK_ORDER_FIELDS,
		order_by="due_date desc, name asc",
		limit_page_length=0,
	)
	result = []
	for row in rows:
		view = frappe._dict({f: row.get(f) for f in WORK_ORDER_FIELDS if f != "findings"})
		view.kind_label = _(WORK_KINDS.get(row.work_kind, row.work_kind or ""))
		view.has_report = has_report(row)
		result.append(view)
	return result


def has_report(row) -> bool:
	"""A completed work order has a report for the customer (the print format HEZO Work Order Report)
	when it needed a written one or its findings were written anyway."""
	return row.status == "Done" and bool(row.report_required or (row.findings or "").strip())
