"""A distributor's year of data, seeded and repeatable, every size times `scale` (0.1 for CI, 10 for the
scale run; any one size can be set on its own). What the ledger or the core decides goes through them:
open tickets through the ticket controller (so their due times are the core's answer), spare stock by
submitted Material Receipts, RMAs and renewals by the desk's own steps. Bulk (frappe.db.bulk_insert), as
a data import would, where the rows hold by construction: customers and contracts in the shape of one
their controllers saved (the coverage then by the one `sync_coverage` statement, the work orders by the
daily job that plans them for imported contracts), Serial Nos without a warehouse (no stock transaction,
as new_serial inserts them) and the closed history of tickets (no clock running, never swept or
recomputed). docs/decisions.md "A year of data"."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta

import frappe
from frappe.utils import add_days, date_diff, get_first_day, now_datetime, today

from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts.devices import ensure_model_item, sync_coverage
from hezo_service.services.contracts.scheduled_work import schedule_missing
from hezo_service.services.rma.spare_stock import restock
from hezo_service.tests.factories import (
	company,
	confirm_validity,
	deliver,
	make_rma,
	make_spare,
	make_ticket,
	make_warehouse,
	ship,
	stock_roles,
)

# the year at ×1 (issue: ≈3,000 customers, 150 partners, 8,000 contracts, 25,000 devices, 60,000 tickets)
SIZES = {
	"customers": 3000,
	"partners": 150,
	"contracts": 8000,
	"devices": 25000,
	"tickets": 60000,
	"open_tickets": 2000,
	"spares": 300,
	"rmas": 4000,
	"renewals": 2000,
}
MODELS = (("FG-100F", "Fortinet"), ("Rally Bar", "Logitech"), ("C9200-24T", "Cisco"))
SPARE_WAREHOUSES = ("HEZO Spare Stock", "HEZO Spare Krakow", "HEZO Spare Gdansk")
PREFIX = "YR"  # every generated name starts with it: a second run adds nothing


@dataclass
class Made:
	counts: dict[str, int]
	seconds: float


def sizes(scale: float, **fixed: int) -> dict[str, int]:
	"""Every size times `scale`, but those given in `fixed` (e.g. rmas=4000 at x10)."""
	unknown = set(fixed) - set(SIZES)
	if unknown:
		raise ValueError(f"no such size: {', '.join(sorted(unknown))} (sizes: {', '.join(SIZES)})")
	return {k: fixed.get(k) or max(1, round(v * scale)) for k, v in SIZES.items()}


def nip(rng: random.Random) -> str:
	"""A valid Polish NIP (check digit), from the seeded generator."""
	weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
	while True:
		digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
		check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
		if check < 10:
			return "".join(map(str, digits)) + str(check)


def plan_priorities() -> dict[str, list[str]]:
	rows = frappe.get_all(
		"HEZO Plan Priority", filters={"parenttype": "HEZO Service Plan"}, fields=["parent", "priority"]
	)
	out: dict[str, list[str]] = {}
	for r in rows:
		out.setdefault(r.parent, []).append(r.priority)
	return out


def generate(
	scale: float = 0.1, seed: int = 21, commit: bool = True, prefix: str = PREFIX, **fixed: int
) -> Made:
	"""`commit=False` in a test: its rollback then removes the year; a test's own `prefix` keeps it apart
	from a year a load run left on the site; `fixed`: sizes set on their own (`sizes`)."""
	start = time.perf_counter()
	rng = random.Random(seed)
	n = sizes(scale, **fixed)
	for model, vendor in MODELS:
		ensure_model_item(model, vendor)
	customers = _customers(prefix, rng, n["customers"], partner=False)
	partners = _customers(prefix, rng, n["partners"], partner=True)
	devices = _devices(prefix, rng, n["devices"], customers, n["contracts"])
	contracts = _contracts(prefix, rng, n["contracts"], devices, partners)
	if commit:
		frappe.db.commit()
	open_made, closed_made = _tickets(prefix, rng, n["tickets"], n["open_tickets"], contracts)
	spares = _spares(prefix, n["spares"])
	if commit:
		frappe.db.commit()
	rmas = _rmas(prefix, rng, n["rmas"], contracts, commit)
	if commit:
		frappe.db.commit()
	renewals, invoices = _billing(rng, n["renewals"], contracts, commit)
	counts = {
		"customers": len(customers),
		"partners": len(partners),
		"devices": len(devices),
		"contracts": len(contracts),
		"open_tickets": open_made,
		"closed_tickets": closed_made,
		"spares": spares,
		"rmas": rmas,
		"renewals": renewals,
		"invoices": invoices,
	}
	return Made(counts, time.perf_counter() - start)


def _customers(prefix: str, rng: random.Random, count: int, partner: bool) -> list[str]:
	"""The first through ERPNext's Customer controller, the rest bulk in its shape (as a data import
	would: names, NIPs and the partner flag differ, nothing else derives from a customer)."""
	kind = "Partner" if partner else "Klient"
	labels = [f"{prefix} {kind} {i:05d} Sp. z o.o." for i in range(count)]
	taxes = [nip(rng) for _ in labels]
	existing = dict(
		frappe.get_all(
			"Customer",
			{"customer_name": ["like", f"{prefix} {kind} %"]},
			["customer_name", "name"],
			as_list=1,
		)
	)
	if labels[0] not in existing:
		doc = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": labels[0],
				"customer_type": "Company",
				"tax_id": taxes[0],
				"hezo_is_partner": int(partner),
			}
		)
		existing[labels[0]] = doc.insert(ignore_permissions=True).name
	template = frappe.get_doc("Customer", existing[labels[0]])
	named_by_label = template.name == labels[0]
	new = []
	for label, tax in zip(labels, taxes, strict=True):
		if label in existing:
			continue
		name = label if named_by_label else _new_name("Customer", customer_name=label)
		existing[label] = name
		new.append({"name": name, "customer_name": label, "tax_id": tax})
	bulk_like(template, new)
	return [existing[label] for label in labels]


def _new_name(doctype: str, **values) -> str:
	"""The name the doctype's naming rule gives a new document with `values` (a naming series counts on)."""
	doc = frappe.new_doc(doctype, **values)
	doc.set_new_name()
	return doc.name


def bulk_like(template, rows: list[dict], children: dict[str, list[dict]] | None = None) -> None:
	"""Insert `rows` shaped like `template` (a document its controller saved): the template's values with
	each row's changes, one statement per 2,000 rows; `children` maps a table field to its rows (each
	with its own `parent`) shaped like the template's first row of that table."""
	stamp = now_datetime()
	_insert_like(template, rows, stamp)
	for field, child_rows in (children or {}).items():
		_insert_like(template.get(field)[0], child_rows, stamp)


def _insert_like(template, rows: list[dict], stamp) -> None:
	if not rows:
		return
	base = template.get_valid_dict(convert_dates_to_str=True, ignore_nulls=False)
	columns = list(base)
	fresh = {"creation": stamp, "modified": stamp}
	frappe.db.bulk_insert(
		template.doctype,
		columns,
		[[{**base, **fresh, **row}.get(c) for c in columns] for row in rows],
		chunk_size=2000,
	)


def _devices(
	prefix: str, rng: random.Random, count: int, customers: list[str], contracts: int
) -> list[tuple[str, str, str]]:
	"""(serial, customer, model) — bulk: a Serial No without a warehouse has no ledger to agree with.
	Device i goes to contract i mod `contracts` (a device has one contract a day), whose customer is
	contract mod the customers."""
	made = []
	rows = []
	stamp, owner, comp = now_datetime(), "Administrator", company()
	existing = set(frappe.get_all("Serial No", {"name": ["like", f"{prefix}-SN-%"]}, pluck="name"))
	for i in range(count):
		serial = f"{prefix}-SN-{i:06d}"
		customer = customers[(i % contracts) % len(customers)]
		model = MODELS[rng.randrange(len(MODELS))][0]
		made.append((serial, customer, model))
		if serial in existing:
			continue
		rows.append((serial, serial, model, comp, customer, "Active", stamp, stamp, owner, owner, "Inactive"))
	frappe.db.bulk_insert(
		"Serial No",
		fields=[
			"name",
			"serial_no",
			"item_code",
			"company",
			"hezo_customer",
			"hezo_service_status",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"status",
		],
		values=rows,
		chunk_size=2000,
	)
	return made


def _contracts(
	prefix: str, rng: random.Random, count: int, devices: list[tuple[str, str, str]], partners: list[str]
) -> list[tuple]:
	"""(contract, customer, plan, serial) over every plan in the catalogue, each sold by one of the
	partners in turn: a plan's first contract through the controller, the rest bulk in its shape (as a
	data import would; the rules hold by construction: a device in one contract, a term the plan offers,
	fresh devices), then the coverage of every device by the one `sync_coverage` statement and the work
	orders by the daily job that plans them for imported contracts (`schedule_missing`)."""
	plans = sorted(plan_priorities())
	groups: dict[int, list[str]] = {}
	for i, (serial, _customer, _model) in enumerate(devices):
		groups.setdefault(i % count, []).append(serial)
	existing = set(frappe.get_all("HEZO Contract", {"name": ["like", f"{prefix}-C-%"]}, pluck="name"))
	templates: dict[str, str] = {}
	made, new = [], []
	for i in range(count):
		chunk = groups.get(i)
		if not chunk:
			continue
		customer = devices[i][1]
		plan = plans[i % len(plans)]
		number = f"{prefix}-C-{i:05d}"
		# a year's term in force today (started within the last eleven months): tickets are accepted
		start = add_days(today(), -rng.randrange(1, 335))
		made.append((number, customer, plan, chunk[0]))
		if number in existing:
			templates.setdefault(plan, number)
			continue
		row = {
			"contract_no": number,
			"customer": customer,
			"partner": partners[i % len(partners)] if partners else None,
			"plan": plan,
			"start_date": start,
			"end_date": add_days(start, 364),
		}
		if plan not in templates:
			frappe.get_doc(
				{
					"doctype": "HEZO Contract",
					**row,
					"status": "Active",
					"currency": "PLN",
					"devices": [{"device": d} for d in chunk],
				}
			).insert(ignore_permissions=True)
			templates[plan] = number
			continue
		# planned by `schedule_missing` below, as for an imported contract
		new.append((plan, {"name": number, **row, "work_scheduled_until": None}, chunk))
	by_plan: dict[str, tuple[list, list]] = {}
	for plan, row, chunk in new:
		rows, children = by_plan.setdefault(plan, ([], []))
		rows.append(row)
		children.extend(
			{"name": frappe.generate_hash(length=10), "parent": row["name"], "idx": k, "device": d}
			for k, d in enumerate(chunk, 1)
		)
	for plan, (rows, children) in by_plan.items():
		template = frappe.get_doc("HEZO Contract", templates[plan])
		bulk_like(template, rows, {"devices": children})
	sync_coverage()
	schedule_missing(commit=False)
	return made


def _tickets(
	prefix: str, rng: random.Random, total: int, open_count: int, contracts: list[tuple]
) -> tuple[int, int]:
	priorities = plan_priorities()
	# drawn before anything is skipped, so a second run leaves the generator where the first one did
	picks = []
	for _ in range(total):
		contract = contracts[rng.randrange(len(contracts))]
		picks.append((contract, rng.choice(priorities[contract[2]])))
	if frappe.db.count("HEZO Ticket", {"subject": ["like", f"{prefix} %"]}):
		return 0, 0
	for i, ((number, _customer, _plan, serial), priority) in enumerate(picks[:open_count]):
		frappe.get_doc(
			{
				"doctype": "HEZO Ticket",
				"subject": f"{prefix} open {i:05d}",
				"serial_no": serial,
				"contract_no": number,
				"priority": priority,
				"channel": "Phone",
			}
		).insert(ignore_permissions=True)
	# the closed history: no clock, nothing derived from it (bulk)
	stamp = now_datetime()
	rows = []
	for i, ((number, customer, plan, serial), priority) in enumerate(picks[open_count:]):
		rows.append(
			(
				f"{prefix}-HIST-{i:06d}",
				f"{prefix} closed {i:06d}",
				serial,
				number,
				customer,
				plan,
				priority,
				"Closed",
				"Phone",
				stamp,
				stamp,
				"Administrator",
				"Administrator",
			)
		)
	frappe.db.bulk_insert(
		"HEZO Ticket",
		fields=[
			"name",
			"subject",
			"serial_no",
			"contract_no",
			"customer",
			"plan",
			"priority",
			"status",
			"channel",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		values=rows,
		chunk_size=2000,
	)
	return open_count, len(rows)


def _spares(prefix: str, count: int) -> int:
	"""Spare units in three spare warehouses, each received by a submitted Material Receipt."""
	made = 0
	for w, warehouse_name in enumerate(SPARE_WAREHOUSES):
		warehouse = make_warehouse(warehouse_name)
		for i in range(count // len(SPARE_WAREHOUSES) or 1):
			serial = f"{prefix}-SP{w}-{i:05d}"
			if not frappe.db.exists("Serial No", serial):
				make_spare(serial, MODELS[i % len(MODELS)][0], warehouse, vendor=MODELS[i % len(MODELS)][1])
			made += 1
	return made


def _rmas(prefix: str, rng: random.Random, count: int, contracts: list[tuple], commit: bool) -> int:
	"""The year's RMAs, oldest first, each through the desk's steps on its own ticket (confirmed the day
	it was reported): a replacement reserved from spare stock while a unit of the model is free, else
	ordered from the manufacturer's hub; shipped 3 hours after the confirmation and delivered the next
	day (the Delivery Note, the serial swap); for all but the last ten days' RMAs, the faulty unit back
	4 days later (a Material Receipt into returns), sent to repair the day after (a transfer), repaired
	into spare stock (a receipt into a spare warehouse: it serves later RMAs) and the ticket closed."""
	done = set(frappe.get_all("HEZO Ticket", {"subject": ["like", f"{prefix} rma %"]}, pluck="subject"))
	settings = frappe.get_single("HEZO Settings")
	if not (settings.rma_returns_warehouse and settings.rma_repair_warehouse):
		stock_roles()
	priorities = plan_priorities()
	spares = [make_warehouse(name) for name in SPARE_WAREHOUSES]  # their ERPNext names
	picked = rng.sample(contracts, min(count, len(contracts)))
	starts = dict(
		frappe.get_all(
			"HEZO Contract",
			{"name": ["in", [c[0] for c in picked] or [""]]},
			["name", "start_date"],
			as_list=1,
		)
	)
	days = {c[0]: date_diff(today(), starts[c[0]]) for c in picked}
	ages = [(rng.uniform(2, max(2.5, days[c[0]] - 1)), c) for c in picked]
	# reported at least a day after the contract started (a ticket before the start is refused)
	ages = sorted(a for a in ages if days[a[1][0]] >= 4)
	made = 0
	for i, (age, (number, _customer, plan, serial)) in enumerate(reversed(ages)):
		made += 1
		if f"{prefix} rma {i:05d}" in done:  # made by an earlier run that stopped half-way
			continue
		model = frappe.db.get_value("Serial No", serial, "item_code")
		confirmed = now() - timedelta(days=age)
		priority = priorities[plan][i % len(priorities[plan])]
		ticket = _confirmed_ticket(prefix, i, serial, number, priority, confirmed)
		spare = _free_spare_warehouse(model, spares)
		fields = {"warehouse": spare} if spare else {"replacement_source": "Manufacturer hub"}
		rma = make_rma(ticket.name, **fields).name
		hub_serial = None if spare else f"{prefix}-HUB-{i:06d}"
		ship(rma, stored(confirmed + timedelta(hours=3)), hub_serial, "DHL Express", f"{prefix}WB{i:06d}")
		rma = deliver(rma, stored(confirmed + timedelta(days=1)))
		if age > 10:
			rma.return_waybill, rma.return_carrier, rma.return_destination = (
				f"{prefix}RT{i:06d}",
				"InPost",
				"Desk",
			)
			rma.return_received_at, rma.return_condition = (
				stored(confirmed + timedelta(days=5)),
				"As described",
			)
			rma.save()
			rma.sent_to_repair_at = stored(confirmed + timedelta(days=6))
			rma.save()
			restock(serial, model, spares[i % len(spares)])
			ticket.reload()
			ticket.status = "Closed"
			ticket.save(ignore_permissions=True)
		if commit and made % 50 == 0:
			frappe.db.commit()
	return made


def _confirmed_ticket(prefix: str, i: int, serial: str, contract: str, priority: str, confirmed):
	ticket = make_ticket(
		serial,
		contract,
		priority,
		subject=f"{prefix} rma {i:05d}",
		reported_at=stored(confirmed - timedelta(hours=2)),
	)
	confirm_validity(ticket)
	frappe.db.set_value(
		"HEZO Ticket", ticket.name, "validity_confirmed_at", stored(confirmed), update_modified=False
	)
	ticket.reload()
	ticket.save(ignore_permissions=True)  # the delivery clock from the confirmation time
	return ticket


def _free_spare_warehouse(model: str, warehouses: list[str]) -> str | None:
	"""One of `warehouses` holding a free unit of `model`, or None."""
	return frappe.db.get_value(
		"Serial No",
		{
			"item_code": model,
			"warehouse": ["in", warehouses],
			"status": "Active",
			"hezo_reserved_for_rma": ["is", "not set"],
		},
		"warehouse",
	)


def _billing(rng: random.Random, count: int, contracts: list[tuple], commit: bool) -> tuple[int, int]:
	"""A year of the desk's renewals, invoiced: `count` generated contracts renewed by the desk's Renew
	(priced, renewed on a day since their start), then the billing run up to the end of last month and
	its draft invoices submitted, as finance does month by month; this month's renewals stay pending
	for the site's own month-end run. A renewal the rules refuse (a device's cover at its plan's limit
	of years) is left out. Returns (renewals, submitted HEZO invoices)."""
	from hezo_service.services.billing.sales_invoices import run_billing
	from hezo_service.services.contracts.lifecycle import renew

	picked = rng.sample(contracts, min(count, len(contracts)))
	draws = [(rng.random(), 500 + 50 * rng.randrange(100)) for _ in picked]
	renewed = 0
	for (number, *_rest), (share, price) in zip(picked, draws, strict=True):
		start, renewed_to = frappe.db.get_value("HEZO Contract", number, ["start_date", "renewed_to"])
		if renewed_to:
			renewed += 1
			continue
		frappe.db.savepoint("year_renewal")
		try:
			renew(number, price=price, renewed_on=add_days(start, 1 + int(share * date_diff(today(), start))))
		except frappe.ValidationError:
			frappe.db.rollback(save_point="year_renewal")
			frappe.clear_messages()
			continue
		renewed += 1
		if commit and renewed % 50 == 0:
			frappe.db.commit()
	run_billing(add_days(get_first_day(today()), -1), commit=commit)
	drafts = frappe.get_all(
		"Sales Invoice",
		{"docstatus": 0, "hezo_billing_key": ["is", "set"], "hezo_billing_period": ["<", today()[:7]]},
		pluck="name",
	)
	for i, name in enumerate(drafts, 1):
		frappe.get_doc("Sales Invoice", name).submit()
		if commit and i % 50 == 0:
			frappe.db.commit()
	if commit:
		frappe.db.commit()
	return renewed, frappe.db.count("Sales Invoice", {"docstatus": 1, "hezo_billing_key": ["is", "set"]})
