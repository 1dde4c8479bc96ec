"""Data and attack surface for the attacker's-eye tier (`attack_tests/`, run by `attack_tests/run`
against a served site). `prepare()` commits two end customers, A (the attacker's own) and B (the
victim), each with a portal user, a device, a contract, a ticket with a reply, a private file, an
escalation and an RMA; every secret text of B carries the marker "ZQX" (A's never does). It then
computes, from the site's own metadata, what the tier must try: every whitelisted method of every
installed app (after importing all their modules), every DocType with its child tables, every
website route and every file route of B. The result is written as JSON to the path given (or
printed)."""

from __future__ import annotations

import importlib
import json
import pkgutil

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password

from hezo_service.services.portal.signup import grant
from hezo_service.tests.factories import (
	ensure_outgoing_email_account,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
	make_user,
)

PASSWORD = "Atak-Haslo-2026!"
# NIPs of their own (valid checksums): no bench test creates or removes these customers
ATTACK_NIPS = {"A": "8374129052", "B": "8374129069"}
# the partners: P1 sold A's contract (the attacking partner), P2 sold B's (the victim partner)
PARTNER_NIPS = {"A": "8374129106", "B": "8374129112"}
# the price the partner sold a contract at: a partner's figure, never on a customer's page
PARTNER_PRICE = 98761.37
MARKER = "ZQX"
PORTAL_ROLES = ("HEZO Customer", "Guest", "All")
# module trees never imported for the method list: scripts run at import, or the bench CLI
SKIP_PARTS = (".patches.", ".commands", "setup", ".boilerplate.", "frappe.utils.bench_helper")


def side(key: str, nip: str) -> dict:
	"""One customer's world. B's texts carry the marker; A's never do."""
	secret = MARKER if key == "B" else ""
	email = f"atak.{key.lower()}@atak.example"
	make_user(email, "HEZO Customer")
	update_password(email, PASSWORD)
	customer = make_customer(nip, f"Firma {key} {secret}Sp. z o.o.".replace("  ", " "))
	tag = f"{key}{nip[-3:]}"  # names tied to the NIP: a re-run reuses them, other data never collides
	serial = f"ATK{tag}1"
	device = make_device(serial, customer, model="Rally Bar", vendor="Logitech")
	frappe.db.set_value(
		"Serial No",
		device,
		{
			"hezo_site_address": f"ul. {secret}Tajna 7, Warszawa",
			"hezo_site_contact": f"Pan {secret}Kierownik",
		},
	)
	rma_device = make_device(f"ATK{tag}2", customer, model="Rally Bar", vendor="Logitech")
	contract = f"HZ-ATK-{tag}"
	if not frappe.db.exists("HEZO Contract", contract):
		make_contract(
			contract,
			customer,
			"HEZO-PLUS",
			[device, rma_device],
			start=add_days(nowdate(), -30),
			end=add_days(nowdate(), 300),
		)
	# the user is a Portal User of the Customer, as sign-up makes it
	grant(email, customer, contract, device)
	ticket = frappe.db.get_value("HEZO Ticket", {"device": device, "subject": f"Awaria {secret}obrazu"})
	if not ticket:
		ticket = make_ticket(
			device,
			contract,
			"Critical",
			subject=f"Awaria {secret}obrazu",
			description=f"Opis {secret}usterki",
		).name
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": f"Re {ticket}",
				"content": f"Odpowiedź serwisu {secret}poufna",
				"reference_doctype": "HEZO Ticket",
				"reference_name": ticket,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"log-{key.lower()}.log",
				"attached_to_doctype": "HEZO Ticket",
				"attached_to_name": ticket,
				"is_private": 1,
				"content": f"dziennik urządzenia {secret}{key}".encode(),
			}
		).insert(ignore_permissions=True)
		from hezo_service.services.tickets.escalation import escalate_manually

		escalate_manually(ticket, f"Powód {secret}eskalacji", by="Administrator")
	# a private file with bytes of this run (the same-bytes probe must meet B's file, not its own
	# copy from an earlier run)
	content = f"dziennik urządzenia {secret}{key} {frappe.generate_hash(length=12)}"
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"log-{key.lower()}-run.log",
			"attached_to_doctype": "HEZO Ticket",
			"attached_to_name": ticket,
			"is_private": 1,
			"content": content.encode(),
		}
	).insert(ignore_permissions=True)
	from hezo_service.tests.portal_browser import prepare_rma

	rma = prepare_rma(rma_device, contract)
	frappe.db.set_value("HEZO RMA", rma.name, "notes", f"Notatka {secret}wewnętrzna")
	file = frappe.db.get_value(
		"File",
		{"attached_to_doctype": "HEZO Ticket", "attached_to_name": ticket},
		["name", "file_url"],
		order_by="creation desc",
	)
	return {
		"private_files": [
			private_file(f"secret-{part}-{key.lower()}.log", doctype, docname, f"{secret}{part} {key}")
			for part, doctype, docname in (
				("prb", "HEZO Ticket", ticket),
				("sn", "Serial No", device),
				("cust", "Customer", customer),
			)
		],
		"user": email,
		"customer": customer,
		"nip": nip,
		"serial": device,
		"rma_serial": rma_device,
		"contract": contract,
		"ticket": ticket,
		"rma": rma.name,
		"rma_ticket": rma.ticket,
		"file": file[0],
		"file_url": file[1],
		"file_content": content,
	}


def private_file(file_name: str, doctype: str, docname: str, text: str) -> dict:
	"""A private file of lower-case name on one of the customer's records (made by the desk, as Frappe
	names it), with bytes of this run: the colliding-name probes aim at it."""
	row = frappe.db.get_value(
		"File", {"attached_to_doctype": doctype, "attached_to_name": docname, "file_name": file_name}, "name"
	)
	if not row:
		content = f"{text} {frappe.generate_hash(length=12)}".encode()
		row = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": file_name,
					"attached_to_doctype": doctype,
					"attached_to_name": docname,
					"is_private": 1,
					"content": content,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	file = frappe.get_doc("File", row)
	content = file.get_content()  # Frappe decodes text files
	return {
		"name": file.name,
		"url": file.file_url,
		"content": content.decode() if isinstance(content, bytes) else content,
	}


def partner_side(key: str, tax_id: str, world: dict) -> dict:
	"""The partner of one customer's contract, with a portal user and (B's, the victim's) a submitted
	Sales Invoice: P1 (key A) attacks, P2 (key B) carries the marker."""
	from hezo_service.services.portal.signup import add_portal_user
	from hezo_service.tests.factories import make_partner
	from hezo_service.tests.partner_fixtures import partner_invoice

	secret = MARKER if key == "B" else ""
	email = f"atak.p{key.lower()}@atak.example"
	make_user(email, "HEZO Customer")
	update_password(email, PASSWORD)
	partner = make_partner(f"Partner {key} {secret}IT Sp. z o.o.".replace("  ", " "), tax_id)
	frappe.db.set_value("HEZO Contract", world["contract"], {"partner": partner, "price": PARTNER_PRICE})
	add_portal_user(partner, email)
	invoice = None
	if key == "B":
		invoice = frappe.db.get_value(
			"Sales Invoice", {"customer": partner, "docstatus": 1}
		) or partner_invoice(partner)
	return {"user": email, "partner": partner, "tax_id": tax_id, "invoice": invoice}


def upload_routes() -> list[str]:
	"""Portal methods that take an uploaded file (they read `frappe.request.files`): every one must be
	in the tier's list of file routes."""
	import inspect

	from hezo_service.security.guard import portal_methods

	return sorted(m for m in portal_methods() if "request.files" in inspect.getsource(frappe.get_attr(m)))


def records_of(world: dict) -> dict[str, list[str]]:
	"""Names of every record of one customer, per DocType (child rows included)."""
	tickets = frappe.get_all("HEZO Ticket", filters={"customer": world["customer"]}, pluck="name")
	contracts = frappe.get_all("HEZO Contract", filters={"customer": world["customer"]}, pluck="name")
	rmas = frappe.get_all("HEZO RMA", filters={"customer": world["customer"]}, pluck="name")
	records = {
		"Customer": [world["customer"]],
		"HEZO Contract": contracts,
		"Serial No": frappe.get_all("Serial No", filters={"hezo_customer": world["customer"]}, pluck="name"),
		"HEZO Ticket": tickets,
		"HEZO RMA": rmas,
		"HEZO Portal Access": frappe.get_all(
			"HEZO Portal Access", filters={"customer": world["customer"]}, pluck="name"
		),
		"User": [world["user"]],
	}
	for doctype, field, parents in (
		("HEZO Contract Device", "parent", contracts),
		("HEZO Escalation", "ticket", tickets),
		("HEZO SLA Event", "ticket", tickets),
		("HEZO Ticket Pause", "parent", tickets),
		("Communication", "reference_name", tickets),
		("File", "attached_to_name", tickets),
		("Comment", "reference_name", tickets),
		("HEZO Work Order", "contract", contracts),
	):
		if frappe.db.exists("DocType", doctype):
			records[doctype] = frappe.get_all(doctype, filters={field: ["in", parents or [""]]}, pluck="name")
	return {k: v for k, v in records.items() if v}


def import_all(app: str) -> int:
	"""Import every module of an app (so that every whitelisted function is registered); returns how
	many could not be imported (optional dependencies, scripts)."""
	failed = 0
	package = importlib.import_module(app)
	for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
		if any(part in f"{info.name}." for part in SKIP_PARTS):
			continue
		try:
			importlib.import_module(info.name)
		except BaseException:
			failed += 1
	return failed


def whitelisted_methods() -> tuple[list[str], list[str], dict[str, int]]:
	"""Dotted names of every whitelisted module-level function of the installed apps, and those Guest
	may call."""
	failed = {app: import_all(app) for app in frappe.get_installed_apps()}
	names, guest = set(), set()
	for fn in frappe.whitelisted:
		module, qualname = getattr(fn, "__module__", ""), getattr(fn, "__qualname__", "")
		if not module or "." in qualname or "<" in qualname:
			continue  # document methods are reached through run_doc_method, not by path
		name = f"{module}.{qualname}"
		names.add(name)
		if fn in frappe.guest_methods:
			guest.add(name)
	return sorted(names), sorted(guest), failed


def reachable_doctypes() -> list[str]:
	"""DocTypes a portal user or Guest holds any permission on (standard or custom), the app's own,
	and the child tables of all of them."""
	found = set(frappe.get_all("DocPerm", filters={"role": ["in", PORTAL_ROLES]}, pluck="parent"))
	found |= set(frappe.get_all("Custom DocPerm", filters={"role": ["in", PORTAL_ROLES]}, pluck="parent"))
	found |= set(frappe.get_all("DocType", filters={"module": "HEZO Service"}, pluck="name"))
	found |= {"File", "Communication", "Comment", "User", "Contact", "Address", "Error Log", "Version"}
	children = set()
	for doctype in found:
		if frappe.db.exists("DocType", doctype):
			children |= {df.options for df in frappe.get_meta(doctype).get_table_fields()}
	return sorted(d for d in found | children if frappe.db.exists("DocType", d))


def child_parents(doctypes: list[str]) -> dict[str, str]:
	"""A parent DocType of each child table (what /api/resource takes as `parent`)."""
	found = {}
	for dt in doctypes:
		if frappe.get_meta(dt).istable:
			parent = frappe.db.get_value("DocField", {"fieldtype": "Table", "options": dt}, "parent")
			if parent:
				found[dt] = parent
	return found


def website_routes() -> list[str]:
	"""Every page of every app's www folder, every route rule (ERPNext's portal lists), every web form
	and portal menu route."""
	from frappe.website.router import get_pages

	routes = {f"/{route}".rstrip("/") or "/" for route in get_pages()}
	for rule in frappe.get_hooks("website_route_rules"):
		routes.add("/" + rule["from_route"].strip("/").split("<")[0].rstrip("/"))
	routes |= {f"/{r}" for r in frappe.get_all("Web Form", filters={"published": 1}, pluck="route") if r}
	for item in frappe.get_all("Portal Menu Item", fields=["route"]):
		if item.route:
			routes.add("/" + item.route.strip("/"))
	for item in frappe.get_hooks("standard_portal_menu_items"):
		routes.add("/" + item["route"].strip("/"))
	return sorted(r for r in routes if "<" not in r)


def prepare(path: str | None = None) -> dict:
	frappe.set_user("Administrator")
	if frappe.db.get_single_value("System Settings", "time_zone") != "Europe/Warsaw":
		frappe.db.set_single_value("System Settings", "time_zone", "Europe/Warsaw")
	# the test account's SMTP server never answers: Frappe checks the connection except in tests
	frappe.flags.in_test, in_test = True, frappe.flags.in_test
	try:
		ensure_outgoing_email_account()
	finally:
		frappe.flags.in_test = in_test
	frappe.cache.delete_keys("hezo-budget:")  # sign-up budgets of earlier runs
	worlds = {key: side(key, nip) for key, nip in ATTACK_NIPS.items()}
	partners = {key: partner_side(key, nip, worlds[key]) for key, nip in PARTNER_NIPS.items()}
	frappe.db.commit()
	methods, guest_methods, failed = whitelisted_methods()

	b_records = records_of(worlds["B"])
	# the victim partner's own records: P1 must meet none of them
	b_records["Customer"] = [*b_records.get("Customer", []), partners["B"]["partner"]]
	b_records["Sales Invoice"] = [partners["B"]["invoice"]]
	reachable = reachable_doctypes()
	data = {
		"password": PASSWORD,
		"marker": MARKER,
		"A": worlds["A"],
		"B": worlds["B"],
		"partner_price": PARTNER_PRICE,
		"P1": partners["A"],
		"P2": partners["B"],
		"b_records": b_records,
		"b_modified": {
			dt: {n: str(frappe.db.get_value(dt, n, "modified")) for n in names}
			for dt, names in b_records.items()
		},
		"methods": methods,
		"guest_methods": guest_methods,
		# the portal's own API, also tried by GET over both API versions
		"portal_allowed": [
			m for m in methods if m.startswith(("hezo_service.api.portal.", "hezo_service.api.partner."))
		],
		"import_failures": failed,
		"upload_routes": upload_routes(),
		"doctypes": frappe.get_all("DocType", pluck="name", order_by="name"),
		"reachable_doctypes": reachable,
		"child_parents": child_parents(reachable),
		"routes": website_routes(),
	}
	text = json.dumps(data)
	if path:
		with open(path, "w") as f:
			f.write(text)
	else:
		print(text)
	return {"methods": len(methods), "doctypes": len(data["doctypes"]), "routes": len(data["routes"])}
