"""A realistic data set for a newcomer to look around: `bench --site S hezo-demo` (`./dev up` runs it).

Customers across all plans, partners, devices under contracts (one lapsed), and tickets in every
state, some breached, some at risk, with the clocks the app computes; a spare-stock warehouse and RMAs
in several states; renewals billed into draft Sales Invoices; a desk and a portal login. Times are set
in the past, so nothing here freezes the clock."""

from __future__ import annotations

from datetime import timedelta

import frappe
from erpnext import get_default_company
from frappe.utils import add_days, today

from hezo_service.services.common.timezone import now, stored
from hezo_service.services.contracts.devices import ensure_model_item
from hezo_service.services.rma.rma_returns import run_daily
from hezo_service.services.rma.spare_stock import check_low_stock
from hezo_service.services.rma.stock_moves import ensure_warehouse
from hezo_service.services.tickets.conversation import record_customer_message, record_reply

PARTNERS = ("Integrator Sp. z o.o.", "NetSolutions S.A.", "AV Systems Sp. z o.o.")
CUSTOMERS = (
	"Politechnika Przykładowa",
	"Bank Spółdzielczy w Nowym Mieście",
	"Szpital Wojewódzki im. Jana",
	"Logistyka Polska S.A.",
	"Urząd Miasta Przykładowo",
	"Fabryka Mebli Dąb",
	"Kancelaria Prawna Lex",
	"Sieć Sklepów Świeżo",
)
# the models each product line covers: (vendor, item code = model, family); the first is the line's
# main model (the RMA demo's spare units are of it), the second device of a contract cycles the rest
MODELS_BY_LINE = {
	"HEZO+": (
		("Logitech", "Rally Bar", "Rally Bar"),
		("Logitech", "Rally Bar Mini", "Rally Bar"),
		("Logitech", "MeetUp", "MeetUp"),
		("Logitech", "Tap", "Tap"),
	),
	"HEZO 360": (("Fortinet", "FortiGate 100F", "FortiGate"), ("Fortinet", "FortiGate 60F", "FortiGate")),
	"HEZO Assistance QSP": (
		("Qualstar", "Q48 Tape Library", "Qualstar Q-Series"),
		("Qualstar", "Q24 Tape Library", "Qualstar Q-Series"),
	),
	"HEZO CoCare": (("Huawei", "S5735-L48T4X", "Huawei S5735"), ("Huawei", "AR6120", "Huawei AR")),
	"HEZO Assistance AHB/SOS": (
		("Huawei", "OceanStor 5310", "Huawei OceanStor"),
		("Huawei", "AR6120", "Huawei AR"),
	),
}
SERIAL_PREFIX = {
	"Rally Bar": "RB",
	"Rally Bar Mini": "RBM",
	"MeetUp": "MU",
	"Tap": "TAP",
	"FortiGate 100F": "FG100F",
	"FortiGate 60F": "FG60F",
	"Q48 Tape Library": "Q48",
	"Q24 Tape Library": "Q24",
	"S5735-L48T4X": "HW5735",
	"AR6120": "AR6120",
	"OceanStor 5310": "OS5310",
}
WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def demo_nip(seed: int) -> str:
	"""A valid NIP (check digit) for demo data: 10 digits starting with 999."""
	for n in range(seed * 100, seed * 100 + 100):
		digits = f"999{n:06d}"
		check = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
		if check < 10:
			return f"{digits}{check}"
	raise ValueError(seed)


def make_demo(reset: bool = False, commit: bool = True) -> dict:
	if frappe.db.exists("Customer", {"hezo_nip": demo_nip(0)}):
		if not reset:
			print("Demo data is already there (use --reset to make it again).")
			return {}
		remove_demo()
	# partners and end customers are ERPNext Customers (partners flagged, end customers with their NIP)
	partners = [
		frappe.db.get_value("Customer", {"customer_name": p, "hezo_is_partner": 1})
		or demo_customer(p, partner=True)
		for p in PARTNERS
	]
	customers = [demo_customer(name, nip=demo_nip(i)) for i, name in enumerate(CUSTOMERS)]
	plans = frappe.get_all("HEZO Service Plan", fields=["name", "product_line"], order_by="name")
	devices = []  # (serial, model, plan index)
	for i, plan in enumerate(plans):
		models = MODELS_BY_LINE[plan.product_line]
		for n, (_vendor, model, _family) in enumerate((models[0], models[1 + i % (len(models) - 1)])):
			devices.append((f"DEMO-{SERIAL_PREFIX[model]}-{i:02d}{n}", model, i))
	sell_demo_devices(devices, partners, customers)
	contracts = []
	for i, plan in enumerate(plans):
		customer = customers[i % len(customers)]
		serials = [serial for serial, _model, k in devices if k == i]
		lapsed = i == 0
		contract = frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": f"DEMO-{2026 if not lapsed else 2024}-{i + 1:03d}",
				"customer": customer,
				"partner": partners[i % len(partners)],
				"plan": plan.name,
				"start_date": add_days(today(), -700 if lapsed else -200),
				"end_date": add_days(today(), -335 if lapsed else 165 + 10 * i),
				"term_years": 1,
				"price": 1200 + 150 * i,
				"currency": "PLN",
				"status": "Lapsed" if lapsed else "Active",
				"devices": [{"device": s} for s in serials],
			}
		).insert()
		contracts.append((contract, serials))
	tickets = [make_ticket_story(n, contract, serials) for n, (contract, serials) in enumerate(contracts[1:])]
	if commit:
		frappe.db.commit()
	print(f"Demo: {len(customers)} customers, {len(contracts)} contracts, {len(tickets)} tickets.")
	return {"customers": customers, "tickets": tickets}


LIST_PRICE = {"Logitech": 5200, "Fortinet": 9800, "Qualstar": 42000, "Huawei": 7600}  # PLN net, per unit
SALES_WAREHOUSE = "Magazyn centralny"
DEMO_REMARK = "HEZO demo: covered devices sold to partners"


def sell_demo_devices(devices: list[tuple[str, str, int]], partners: list[str], customers: list[str]) -> None:
	"""The ERPNext side of a sale (docs/decisions.md, "Inside ERPNext: devices"): each model's
	serialised Item, the serials received into the company's stores (Material Receipt) and sold to the
	partners on submitted Sales Invoices that update stock; then each unit's service data (its end
	customer and site). Device `i` belongs to plan `i`'s contract, sold by partner `i % partners`."""
	import erpnext

	from hezo_service.services.billing.sales_invoices import vat_template
	from hezo_service.services.contracts.devices import stock_default

	company = erpnext.get_default_company()
	warehouse = stock_default("default_warehouse") or sales_warehouse()
	vendors = {}
	for line in MODELS_BY_LINE.values():
		for vendor, model, family in line:
			vendors[ensure_model_item(model, vendor, family)] = vendor
	receipt = frappe.new_doc("Stock Entry")
	receipt.update({"purpose": "Material Receipt", "company": company, "remarks": DEMO_REMARK})
	receipt.set_stock_entry_type()
	for model, serials in _by_model(devices).items():
		receipt.append(
			"items",
			{
				"item_code": model,
				"t_warehouse": warehouse,
				"qty": len(serials),
				"basic_rate": LIST_PRICE[vendors[model]] * 0.7,
				"serial_no": "\n".join(serials),
				"use_serial_batch_fields": 1,
			},
		)
	receipt.insert(ignore_permissions=True).submit()
	for p, partner in enumerate(partners):
		sold = [d for d in devices if d[2] % len(partners) == p]
		if not sold:
			continue
		invoice = frappe.new_doc("Sales Invoice")
		invoice.update(
			{
				"customer": partner,
				"company": company,
				"currency": "PLN",
				"update_stock": 1,
				"set_warehouse": warehouse,
				"remarks": DEMO_REMARK,
				"taxes_and_charges": vat_template(company),
			}
		)
		for model, serials in _by_model(sold).items():
			invoice.append(
				"items",
				{
					"item_code": model,
					"qty": len(serials),
					"rate": LIST_PRICE[vendors[model]],
					"warehouse": warehouse,
					"serial_no": "\n".join(serials),
					"use_serial_batch_fields": 1,
				},
			)
		invoice.set_taxes()
		invoice.insert(ignore_permissions=True).submit()
	for serial, model, i in devices:
		frappe.db.set_value(
			"Serial No",
			serial,
			{
				"hezo_customer": customers[i % len(customers)],
				"hezo_service_status": "Active",
				"hezo_site_address": f"ul. Serwisowa {i + 1}, 30-001 Kraków",
				"hezo_site_contact": "Anna Nowak",
				"hezo_firmware_version": "7.2.8" if vendors[model] == "Fortinet" else "1.0",
			},
		)


def sales_warehouse() -> str:
	"""The demo's stock warehouse when Stock Settings name none (the wizard's own are named in the
	site's language, so not found by name)."""
	return ensure_warehouse(SALES_WAREHOUSE)


def _by_model(devices: list[tuple[str, str, int]]) -> dict[str, list[str]]:
	by_model: dict[str, list[str]] = {}
	for serial, model, _i in devices:
		by_model.setdefault(model, []).append(serial)
	return by_model


def remove_demo_stock() -> None:
	"""The demo's sale undone the way ERPNext allows: its invoices and receipt cancelled (the stock
	ledger reversed), then deleted with the demo's Serial Nos."""
	for doctype in ("Sales Invoice", "Stock Entry"):
		for name in frappe.get_all(doctype, {"remarks": DEMO_REMARK, "docstatus": ["<", 2]}, pluck="name"):
			doc = frappe.get_doc(doctype, name)
			if doc.docstatus == 1:
				doc.cancel()
		for name in frappe.get_all(doctype, {"remarks": DEMO_REMARK}, pluck="name"):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for name in frappe.get_all("Serial No", {"name": ["like", "DEMO-%"]}, pluck="name"):
		frappe.delete_doc("Serial No", name, force=True, ignore_permissions=True)


STORIES = (
	"new",
	"replied",
	"awaiting_customer",
	"verification",
	"confirmed",
	"breached",
	"resolved",
	"closed",
	"awaiting_details",
)


def make_ticket_story(n: int, contract, serials: list[str]) -> str:
	story = STORIES[n % len(STORIES)]
	at = now()
	plan = frappe.get_cached_doc("HEZO Service Plan", contract.plan)
	priority = plan.priorities[n % len(plan.priorities)].priority
	if story == "awaiting_details":
		ticket = frappe.new_doc("HEZO Ticket")
		ticket.subject = "Urządzenie nie odpowiada (e-mail bez numerów)"
		ticket.reporter_email = "it@example.com"
		ticket.flags.ignore_mandatory = True
		ticket.insert()
		return ticket.name
	started = at - timedelta(hours=30 if story in ("breached", "resolved", "closed") else 1 + n % 3)
	ticket = frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"subject": f"{story.replace('_', ' ').capitalize()}: {contract.plan} / {serials[0]}",
			"serial_no": serials[0],
			"contract_no": contract.name,
			"priority": priority,
			"channel": ("Phone", "Portal", "API")[n % 3],
			"reporter_name": "Anna Nowak",
			"reporter_email": "anna.nowak@example.com",
			"reported_at": stored(started),
			"description": "Zgłoszenie demonstracyjne / demo ticket",
		}
	).insert()
	if story == "new" or story == "breached":
		return ticket.name
	record_reply(ticket, started + timedelta(minutes=20))
	if story == "replied":
		record_customer_message(ticket, started + timedelta(minutes=40), "Dziękuję, czekam na dalsze kroki.")
		return ticket.name
	ticket.reload()
	ticket.interview_done = ticket.logs_received = 1
	if story == "awaiting_customer":
		ticket.status = "Awaiting Customer"
		ticket.save()
		return ticket.name
	ticket.status = "Verification"
	ticket.save()
	if story == "verification":
		return ticket.name
	ticket.validity_confirmed_at = stored(started + timedelta(minutes=50))
	ticket.status = "Confirmed"
	ticket.save()
	if story in ("resolved", "closed"):
		ticket.delivered_at = stored(started + timedelta(hours=6))
		ticket.status = "Resolved"
		ticket.save()
	if story == "closed":
		ticket.status = "Closed"
		ticket.save()
	return ticket.name


def demo_customer(name: str, nip: str | None = None, partner: bool = False) -> str:
	doc = {"doctype": "Customer", "customer_name": name, "customer_type": "Company", "tax_id": nip}
	return frappe.get_doc({**doc, "hezo_is_partner": int(partner)}).insert().name


def remove_demo() -> None:
	# billing's drafts for the demo customers (submitted invoices are finance's: they stay)
	demo_customers = frappe.get_all("Customer", {"hezo_nip": ["like", "999%"]}, pluck="name")
	for name in frappe.get_all(
		"Sales Invoice", {"customer": ["in", demo_customers or [""]], "docstatus": 0}, pluck="name"
	):
		frappe.delete_doc("Sales Invoice", name, force=True, ignore_permissions=True)
	for doctype, filters in (
		("HEZO Ticket", {"serial_no": ["like", "DEMO-%"]}),
		("HEZO Ticket", {"subject": ["like", "%e-mail bez numerów%"]}),
		# what the contract lifecycle made for the demo contracts
		("HEZO Work Order", {"contract": ["like", "DEMO-%"]}),
		("HEZO Contract Reminder", {"contract": ["like", "DEMO-%"]}),
		("HEZO Contract", {"name": ["like", "DEMO-%"]}),
	):
		for name in frappe.get_all(doctype, filters=filters, pluck="name"):
			if doctype == "HEZO Ticket":
				frappe.db.delete("HEZO SLA Event", {"ticket": name})
				frappe.db.delete("HEZO Escalation", {"ticket": name})
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	# the sale goes before its customers (ERPNext keeps a Customer its invoices name)
	remove_demo_stock()
	for name in frappe.get_all("Customer", {"hezo_nip": ["like", "999%"]}, pluck="name"):
		frappe.delete_doc("Customer", name, force=True, ignore_permissions=True)


# Stock User: the desk's logistics post and read ERPNext's stock (spare units, restocking); Accounts
# User: ERPNext's role that checks and submits billing's draft Sales Invoices
DEMO_STAFF = (
	"serwis@myhezo.pl",
	"Serwis",
	"HEZO",
	("HEZO Manager", "HEZO Engineer", "HEZO Logistics", "HEZO Finance", "Stock User", "Accounts User"),
)
DEMO_CUSTOMER_USER = ("it@demo-klient.pl", "Anna", "Nowak")
DEMO_PASSWORD = "Hezo-Demo-2026"


def _demo_user(email: str, first: str, last: str, roles: tuple[str, ...], website: bool = False) -> bool:
	"""A demo login with DEMO_PASSWORD; False when the user was there already (its password is kept)."""
	from frappe.utils.password import update_password

	if frappe.db.exists("User", email):
		return False
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first,
			"last_name": last,
			"language": "pl",
			"send_welcome_email": 0,
			"roles": [{"role": r} for r in roles],
			**({"user_type": "Website User"} if website else {}),
		}
	).insert(ignore_permissions=True)
	update_password(user.name, DEMO_PASSWORD)
	return True


def make_demo_users() -> dict:
	"""A desk user of the service desk and a portal user of the first demo customer with a contract in
	force, so `./dev up` can print logins. Idempotent: existing users keep their passwords."""
	from hezo_service.services.portal.signup import grant

	_demo_user(*DEMO_STAFF)
	email, first, last = DEMO_CUSTOMER_USER
	if _demo_user(email, first, last, ("HEZO Customer",), website=True):
		row = frappe.db.sql(
			"""select c.name, c.customer, d.device from `tabHEZO Contract` c
			join `tabHEZO Contract Device` d on d.parent = c.name
			where c.name like 'DEMO-%%' and c.status in ('Active', 'Expiring') order by c.name limit 1""",
			as_dict=True,
		)
		if row:
			grant(email, row[0].customer, row[0].name, row[0].device)
	frappe.db.commit()
	return {"staff": DEMO_STAFF[0], "customer": DEMO_CUSTOMER_USER[0], "password": DEMO_PASSWORD}


def make_demo_site(reset: bool = False) -> None:
	"""The whole demo, in one process: customers, contracts and tickets, RMAs and spare stock, logins."""
	make_demo(reset=reset)
	make_rma_demo()
	make_billing_demo()
	logins = make_demo_users()
	print(f"Demo loaded; logins: {logins['staff']}, {logins['customer']} / {logins['password']}")


# -- RMAs and spare stock: spare units received into ERPNext's spare warehouse, and RMAs in several
# states, every step posted to the stock ledger: delivered with the return waybill issued, one awaiting
# stock, one from the manufacturer's hub shipped, one delivered 23 days ago and never returned (overdue
# and chargeable after the daily job), one returned and sent to the manufacturer

SPARE_WAREHOUSE = "Magazyn części zamiennych"
RETURNS_WAREHOUSE = "Zwroty RMA"
REPAIR_WAREHOUSE = "U producenta - naprawa"
SPARE_UNITS = (
	("SPARE-RB-0001", "Rally Bar", "Logitech", 4200),
	("SPARE-FG-0001", "FortiGate 100F", "Fortinet", 9800),
	("SPARE-FG-0002", "FortiGate 100F", "Fortinet", 9800),
	("SPARE-OS-0001", "OceanStor 5310", "Huawei", 38000),
	("SPARE-OS-0002", "OceanStor 5310", "Huawei", 38000),
	("SPARE-AR-0001", "AR6120", "Huawei", 5200),
)


def _warehouse(name: str, spare: bool) -> str:
	return ensure_warehouse(name, spare, address="ul. Przykładowa 1")


def _item(model: str, vendor: str, rate: float) -> str:
	"""The model as a serialised stock Item (services/contracts/devices.py), valued for the receipt."""
	ensure_model_item(model, vendor)
	if not frappe.db.get_value("Item", model, "valuation_rate"):
		frappe.db.set_value("Item", model, "valuation_rate", rate)
	return model


def make_spare_stock() -> str:
	"""The spare, returns and repair warehouses (named in HEZO Settings) and the spare units, received
	by one Material Receipt. Returns the spare warehouse."""
	spare = _warehouse(SPARE_WAREHOUSE, True)
	frappe.db.set_single_value(
		"HEZO Settings",
		{
			"rma_returns_warehouse": _warehouse(RETURNS_WAREHOUSE, False),
			"rma_repair_warehouse": _warehouse(REPAIR_WAREHOUSE, False),
		},
	)
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": get_default_company(),
			"purpose": "Material Receipt",
			"stock_entry_type": "Material Receipt",
			"remarks": "Demo: spare units",
		}
	)
	for serial, model, vendor, rate in SPARE_UNITS:
		receipt.append(
			"items",
			{
				"item_code": _item(model, vendor, rate),
				"qty": 1,
				"t_warehouse": spare,
				"basic_rate": rate,
				"use_serial_batch_fields": 1,
				"serial_no": serial,
			},
		)
	receipt.insert()
	receipt.submit()
	return spare


def _confirmed_ticket(contract: str, subject: str, days_ago: float) -> str:
	row = frappe.db.sql(
		"""select d.device, c.contract_no from `tabHEZO Contract Device` d join `tabHEZO Contract` c
		on c.name = d.parent join `tabSerial No` x on x.name = d.device
		where c.name = %s and x.hezo_replaces is null and not exists (select 1 from `tabHEZO RMA` r
		where r.faulty_device = d.device) order by d.idx limit 1""",
		contract,
		as_dict=True,
	)[0]
	plan = frappe.db.get_value("HEZO Contract", contract, "plan")
	priority = "P2" if plan.startswith("COCARE") else "Critical"
	ticket = frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"subject": subject,
			"serial_no": row.device,
			"contract_no": row.contract_no,
			"priority": priority,
			"channel": "Phone",
			"reporter_name": "Anna Nowak",
			"reporter_email": "anna.nowak@example.com",
			"reported_at": stored(now() - timedelta(days=days_ago, hours=2)),
		}
	).insert()
	ticket.status = "Verification"
	ticket.save()
	ticket.interview_done, ticket.logs_received, ticket.status = 1, 1, "Confirmed"
	ticket.save()
	confirmed = stored(now() - timedelta(days=days_ago))
	frappe.db.set_value("HEZO Ticket", ticket.name, "validity_confirmed_at", confirmed, update_modified=False)
	ticket.reload()
	ticket.save()  # recompute the delivery clock from the confirmation time
	return ticket.name


def _rma(ticket: str, **fields):
	return frappe.get_doc({"doctype": "HEZO RMA", "ticket": ticket, **fields}).insert()


def _ship_deliver(rma, shipped_ago: float, delivered_ago: float | None, serial: str | None = None):
	rma.reload()
	rma.carrier, rma.outbound_waybill = "DHL Express", f"JD0146{rma.name[-5:]}PL"
	rma.shipped_at = stored(now() - timedelta(days=shipped_ago))
	if serial:
		rma.replacement_serial = serial
	rma.save()
	if delivered_ago is not None:
		rma.delivered_at = stored(now() - timedelta(days=delivered_ago))
		rma.save()
	return rma


def make_rma_demo(commit: bool = True) -> list[str]:
	if frappe.db.exists("Serial No", SPARE_UNITS[0][0]):
		print("RMA demo data is already there.")
		return []
	for _serial, model, vendor, rate in SPARE_UNITS:
		_item(model, vendor, rate)
	warehouse = make_spare_stock()
	contracts = dict(
		frappe.db.sql(
			"select plan, name from `tabHEZO Contract` where name like 'DEMO-%%' and status = 'Active'"
		)
	)
	made = []
	# 1. HEZO 360: delivered yesterday from spare stock, return waybill issued (customer pays the return)
	rma = _rma(
		_confirmed_ticket(contracts["HEZO-360"], "FortiGate nie uruchamia się po aktualizacji", 1.2),
		warehouse=warehouse,
	)
	rma = _ship_deliver(rma, 1.1, 0.9)
	rma.return_waybill, rma.return_carrier, rma.return_destination = "6200451198PL", "InPost", "Desk"
	rma.save()
	made.append(rma.name)
	# 2. CoCare Basic (NBD-S): ordered from the manufacturer's hub, shipped (meets the ship-by clock)
	rma = _rma(
		_confirmed_ticket(contracts["COCARE-BASIC"], "Switch S5735 restartuje się", 0.6),
		replacement_source="Manufacturer hub",
		vendor_case_no="HW-CASE-88213",
		vendor_rma_no="HW-RMA-55102",
	)
	made.append(_ship_deliver(rma, 0.3, None, serial="HW5735-HUB-7781").name)
	# 3. SOS: delivered 23 days ago, never returned: overdue and chargeable after the daily job
	rma = _rma(
		_confirmed_ticket(contracts["SOS-8X5-NBD"], "Macierz OceanStor: awaria kontrolera", 24),
		warehouse=warehouse,
	)
	rma = _ship_deliver(rma, 23.8, 23.5)
	rma.return_waybill, rma.return_carrier = "6200451277PL", "DHL Express"
	rma.save()
	made.append(rma.name)
	# 4. AHB/SOS, the contract's second device: returned 6 days ago and sent to the manufacturer the day after
	rma = _rma(
		_confirmed_ticket(contracts["SOS-8X5-NBD"], "Router AR6120: uszkodzony zasilacz", 12),
		warehouse=warehouse,
	)
	rma = _ship_deliver(rma, 11.8, 11.5)
	rma.return_waybill, rma.return_carrier = "6200451301PL", "DHL Express"
	rma.save()
	rma.return_received_at, rma.return_condition = stored(now() - timedelta(days=6)), "As described"
	rma.save()
	rma.sent_to_repair_at, rma.vendor_rma_no = stored(now() - timedelta(days=5)), "HW-RMA-55187"
	rma.save()
	made.append(rma.name)
	# 5. HEZO+: no Rally Bar left after the first one: waits for stock
	_rma(_confirmed_ticket(contracts["HEZO-360"], "Drugi FortiGate: zasilacz", 0.2), warehouse=warehouse)
	if "HEZO-PLUS" in contracts:
		made.append(_rma(_confirmed_ticket(contracts["HEZO-PLUS"], "Rally Bar: brak obrazu", 0.1)).name)
		made.append(_rma(_confirmed_ticket(contracts["HEZO-PLUS"], "Rally Bar: brak dźwięku", 0.05)).name)
	run_daily(commit=False)
	check_low_stock()
	if commit:
		frappe.db.commit()
	print("RMA demo:", ", ".join(made))
	return made


# -- billing: two renewals (the lapsed contract late, the next one in time) and the billing run, which
# bills them and the unreturned unit of the RMA demo (at 0: no price in HEZO Settings, finance prices
# it) into draft Sales Invoices for finance to check and submit


def make_billing_demo(commit: bool = True) -> list[str]:
	from hezo_service.services.billing.sales_invoices import run_billing
	from hezo_service.services.contracts.lifecycle import renew

	if frappe.db.exists("HEZO Contract", {"renewed_from": ["like", "DEMO-%"]}):
		print("Billing demo data is already there.")
		return []
	for contract in frappe.get_all(
		"HEZO Contract", {"name": ["like", "DEMO-%"]}, pluck="name", order_by="name", limit=2
	):
		renew(contract)
	invoices = run_billing(commit=False)
	if commit:
		frappe.db.commit()
	print("Billing demo: draft Sales Invoices", ", ".join(invoices))
	return invoices
