"""A distributor's year of data, seeded and repeatable, every size times `scale` (0.1 for CI, 10 for the
scale run). What the ledger or the core decides goes through them: customers, partners and contracts
through their controllers, open tickets through the ticket controller (so their due times are the core's
answer), spare stock by submitted Material Receipts. Bulk (frappe.db.bulk_insert) only where nothing
derives from the row: Serial Nos without a warehouse (no stock transaction, as new_serial inserts them;
coverage is then set by the one `sync_coverage` statement) and the closed history of tickets (no clock
running, never swept or recomputed). docs/decisions.md "A year of data"."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import frappe
from frappe.utils import add_days, now_datetime, today

from hezo_service.services.contracts.devices import ensure_model_item, sync_coverage
from hezo_service.tests.factories import company, make_spare, make_warehouse

# the year at ×1 (issue: ≈3,000 customers, 150 partners, 8,000 contracts, 25,000 devices, 60,000 tickets)
SIZES = {
	"customers": 3000,
	"partners": 150,
	"contracts": 8000,
	"devices": 25000,
	"tickets": 60000,
	"open_tickets": 2000,
	"spares": 300,
}
MODELS = (("FG-100F", "Fortinet"), ("Rally Bar", "Logitech"), ("C9200-24T", "Cisco"))
SPARE_WAREHOUSES = ("HEZO Spare Stock", "HEZO Spare Krakow", "HEZO Spare Gdansk")
PREFIX = "YR"  # every generated name starts with it: a second run adds nothing


@dataclass
class Made:
	counts: dict[str, int]
	seconds: float


def sizes(scale: float) -> dict[str, int]:
	return {k: max(1, round(v * scale)) for k, v in SIZES.items()}


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


def generate(scale: float = 0.1, seed: int = 21, commit: bool = True) -> Made:
	"""`commit=False` in a test: its rollback then removes the year."""
	start = time.perf_counter()
	rng = random.Random(seed)
	n = sizes(scale)
	for model, vendor in MODELS:
		ensure_model_item(model, vendor)
	customers = _customers(rng, n["customers"], partner=False)
	partners = _customers(rng, n["partners"], partner=True)
	devices = _devices(rng, n["devices"], customers, n["contracts"])
	contracts = _contracts(rng, n["contracts"], devices, partners)
	if commit:
		frappe.db.commit()
	open_made, closed_made = _tickets(rng, n["tickets"], n["open_tickets"], contracts)
	spares = _spares(n["spares"])
	if commit:
		frappe.db.commit()
	counts = {
		"customers": len(customers),
		"partners": len(partners),
		"devices": len(devices),
		"contracts": len(contracts),
		"open_tickets": open_made,
		"closed_tickets": closed_made,
		"spares": spares,
	}
	return Made(counts, time.perf_counter() - start)


def _customers(rng: random.Random, count: int, partner: bool) -> list[str]:
	names = []
	for i in range(count):
		label = f"{PREFIX} {'Partner' if partner else 'Klient'} {i:05d} Sp. z o.o."
		existing = frappe.db.get_value("Customer", {"customer_name": label})
		tax = nip(rng)
		if existing:
			names.append(existing)
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": label,
				"customer_type": "Company",
				"tax_id": tax,
				"hezo_is_partner": int(partner),
			}
		)
		names.append(doc.insert(ignore_permissions=True).name)
	return names


def _devices(
	rng: random.Random, count: int, customers: list[str], contracts: int
) -> list[tuple[str, str, str]]:
	"""(serial, customer, model) — bulk: a Serial No without a warehouse has no ledger to agree with.
	Device i goes to contract i mod `contracts` (a device has one contract a day), whose customer is
	contract mod the customers."""
	made = []
	rows = []
	stamp, owner, comp = now_datetime(), "Administrator", company()
	existing = set(frappe.get_all("Serial No", {"name": ["like", f"{PREFIX}-SN-%"]}, pluck="name"))
	for i in range(count):
		serial = f"{PREFIX}-SN-{i:06d}"
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
	rng: random.Random, count: int, devices: list[tuple[str, str, str]], partners: list[str]
) -> list[tuple]:
	"""(contract, customer, plan, serial) over every plan in the catalogue, through the controller;
	each sold by one of the partners in turn."""
	plans = sorted(plan_priorities())
	groups: dict[int, list[str]] = {}
	for i, (serial, _customer, _model) in enumerate(devices):
		groups.setdefault(i % count, []).append(serial)
	made = []
	for i in range(count):
		chunk = groups.get(i)
		if not chunk:
			continue
		customer = devices[i][1]
		plan = plans[i % len(plans)]
		number = f"{PREFIX}-C-{i:05d}"
		# a year's term in force today (started within the last eleven months): tickets are accepted
		start = add_days(today(), -rng.randrange(1, 335))
		if not frappe.db.exists("HEZO Contract", number):
			frappe.get_doc(
				{
					"doctype": "HEZO Contract",
					"contract_no": number,
					"customer": customer,
					"partner": partners[i % len(partners)] if partners else None,
					"plan": plan,
					"start_date": start,
					"end_date": add_days(start, 364),
					"status": "Active",
					"currency": "PLN",
					"devices": [{"device": d} for d in chunk],
				}
			).insert(ignore_permissions=True)
		made.append((number, customer, plan, chunk[0]))
	sync_coverage()
	return made


def _tickets(rng: random.Random, total: int, open_count: int, contracts: list[tuple]) -> tuple[int, int]:
	priorities = plan_priorities()
	done = frappe.db.count("HEZO Ticket", {"subject": ["like", f"{PREFIX} %"]})
	if done:
		return 0, 0
	for i in range(open_count):
		number, _customer, plan, serial = contracts[rng.randrange(len(contracts))]
		frappe.get_doc(
			{
				"doctype": "HEZO Ticket",
				"subject": f"{PREFIX} open {i:05d}",
				"serial_no": serial,
				"contract_no": number,
				"priority": rng.choice(priorities[plan]),
				"channel": "Phone",
			}
		).insert(ignore_permissions=True)
	# the closed history: no clock, nothing derived from it (bulk)
	stamp = now_datetime()
	rows = []
	for i in range(total - open_count):
		number, customer, plan, serial = contracts[rng.randrange(len(contracts))]
		rows.append(
			(
				f"{PREFIX}-HIST-{i:06d}",
				f"{PREFIX} closed {i:06d}",
				serial,
				number,
				customer,
				plan,
				rng.choice(priorities[plan]),
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


def _spares(count: int) -> int:
	"""Spare units in three spare warehouses, each received by a submitted Material Receipt."""
	made = 0
	for w, warehouse_name in enumerate(SPARE_WAREHOUSES):
		warehouse = make_warehouse(warehouse_name)
		for i in range(count // len(SPARE_WAREHOUSES) or 1):
			serial = f"{PREFIX}-SP{w}-{i:05d}"
			if not frappe.db.exists("Serial No", serial):
				make_spare(serial, MODELS[i % len(MODELS)][0], warehouse, vendor=MODELS[i % len(MODELS)][1])
			made += 1
	return made
