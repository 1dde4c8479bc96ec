"""Test data made through the real controllers (no fixtures that bypass validation): the one set of
bench factories. Spare stock is ERPNext stock: a model is a serialised stock Item, spare units are its
Serial Nos received into a Warehouse flagged `hezo_spare_warehouse` by a submitted Material Receipt."""

from __future__ import annotations

import threading
from collections.abc import Callable

import frappe
from erpnext import get_default_company
from frappe.tests.utils import FrappeTestCase

from hezo_service.core.portal import normalise_nip, normalise_serial
from hezo_service.services.contracts.catalogue import catalogue_changed
from hezo_service.services.contracts.devices import ensure_model_item, new_serial
from hezo_service.services.portal.scope import forget_customers_of
from hezo_service.services.rma.stock_moves import ensure_warehouse

# valid NIPs (check digit): used by the tests, never by real customers
NIPS = ("5260250995", "7740001454", "1234563218", "9512345652", "1132191233", "7778889998", "5554443334")


def make_customer(nip: str = NIPS[0], name: str = "ACME Sp. z o.o.", **fields) -> str:
	"""An end customer: an ERPNext Customer with the NIP as its tax_id (one per NIP, found by the
	normalised NIP the desk matches on)."""
	existing = frappe.db.get_value("Customer", {"hezo_nip": normalise_nip(nip) or "-", "hezo_is_partner": 0})
	return existing or _customer({"tax_id": nip, "hezo_is_partner": 0}, name, fields)


def make_partner(name: str = "Partner IT Sp. z o.o.", nip: str | None = None, **fields) -> str:
	"""A partner (reseller): an ERPNext Customer flagged `hezo_is_partner`."""
	return _customer({"customer_name": name, "hezo_is_partner": 1}, name, {"tax_id": nip, **fields})


def _customer(identity: dict, name: str, fields: dict) -> str:
	existing = frappe.db.get_value("Customer", identity)
	if existing:
		return existing
	doc = {"doctype": "Customer", "customer_name": name, "customer_type": "Company", **identity, **fields}
	return frappe.get_doc(doc).insert().name


def make_device(
	serial: str, customer: str, model: str = "FG-100F", vendor: str = "Fortinet", **service
) -> str:
	"""A covered device: a Serial No of the model's serialised Item, made the cheapest way ERPNext
	accepts (inserted without a warehouse: no stock transaction, docs/decisions.md "Inside ERPNext:
	devices"). `service`: more `hezo_*` fields (site, firmware, status)."""
	serial = normalise_serial(serial)
	if frappe.db.exists("Serial No", serial):
		return serial
	ensure_model_item(model, vendor)
	return new_serial(serial, model, hezo_customer=customer, **service)


def make_contract(
	number: str,
	customer: str,
	plan: str,
	devices: list[str],
	start: str = "2026-01-01",
	end: str = "2026-12-31",
	status: str = "Active",
	currency: str = "PLN",
) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": number,
				"customer": customer,
				"plan": plan,
				"start_date": start,
				"end_date": end,
				"status": status,
				# said explicitly: Frappe would fill a missing currency from the site's global default
				"currency": currency,
				"devices": [{"device": d} for d in devices],
			}
		)
		.insert()
		.name
	)


def make_ticket(
	serial: str, contract: str, priority: str = "Critical", **fields
) -> frappe.model.document.Document:
	return frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"subject": fields.pop("subject", "Device down"),
			"serial_no": serial,
			"contract_no": contract,
			"priority": priority,
			"channel": fields.pop("channel", "Phone"),
			**fields,
		}
	).insert()


def make_user(email: str, *roles: str) -> str:
	"""A desk or portal user (committed: inserting a User ends the transaction's savepoints)."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"roles": [{"role": r} for r in roles],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return email


def ensure_outgoing_email_account() -> None:
	"""Outgoing mail goes to the Email Queue (no worker sends it in tests), which tests can read. A site
	set up for the distributor has its own default outgoing account (services/common/mail_accounts.py)."""
	if frappe.db.exists("Email Account", "HEZO Test Outgoing") or frappe.db.exists(
		"Email Account", {"default_outgoing": 1}
	):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "HEZO Test Outgoing",
			"email_id": "pomoc@myhezo.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"smtp_port": 2525,
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # site configuration, not test data


class HEZOTestCase(FrappeTestCase):
	"""Runs on Europe/Warsaw (the site's zone decides how stored times read) with a fresh catalogue."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		if frappe.db.get_single_value("System Settings", "time_zone") != "Europe/Warsaw":
			frappe.db.set_single_value("System Settings", "time_zone", "Europe/Warsaw")
			frappe.db.commit()  # the site's zone, not test data: kept so cached readers agree
			frappe.clear_cache()
		catalogue_changed()
		ensure_outgoing_email_account()

	def freeze_time(self, time_to_freeze, *args, **kwargs):
		# ticking: two saves at one frozen instant would trip Frappe's "modified since opened" check
		kwargs.setdefault("tick", True)
		return super().freeze_time(time_to_freeze, *args, **kwargs)

	def setUp(self) -> None:
		# each test in its own savepoint: the class's rollback alone would let tests see each other's data
		frappe.set_user("Administrator")
		frappe.db.savepoint("hezo_test")
		catalogue_changed()
		# the portal scope's per-request cache: a test is a request (its data is rolled back after)
		forget_customers_of()
		# messages are asserted in English (the source strings) whatever the site's language or what an
		# earlier test left; Polish is asserted where a test asks for it (translations, portal pages)
		self._lang = frappe.local.lang
		frappe.local.lang = "en"

	def tearDown(self) -> None:
		frappe.local.lang = self._lang
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="hezo_test")
		catalogue_changed()
		forget_customers_of()


class CommittedRowsTestCase(HEZOTestCase):
	"""A test whose rows another connection must see: committed, so deleted again (committed) before
	and after it. `committed`: the doctype and the name prefix of those rows."""

	committed: tuple[str, str]

	def setUp(self) -> None:
		super().setUp()
		self.purge()

	def tearDown(self) -> None:
		self.purge()
		frappe.db.savepoint("hezo_test")
		super().tearDown()

	def purge(self) -> None:
		doctype, prefix = self.committed
		frappe.db.delete(doctype, {"name": ["like", f"{prefix}%"]})
		frappe.db.commit()


def on_own_connection(work: Callable[[], None], errors: list[str]) -> threading.Thread:
	"""`work` in a started thread on its own connection to this site (another host's request or job);
	what it raises lands in `errors`, for the test to assert empty (a thread's failure must fail it)."""
	site, sites_path = frappe.local.site, frappe.local.sites_path

	def run() -> None:
		try:
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			work()
		except Exception as error:
			errors.append(repr(error))
		finally:
			frappe.destroy()

	thread = threading.Thread(target=run)
	thread.start()
	return thread


class CountedSQL:
	"""Counts the statements sent through `frappe.db.sql` (every query of Frappe's ORM goes there)."""

	def __enter__(self):
		self.count = 0
		self.queries: list[str] = []
		self.original = frappe.db.sql

		def counted(*args, **kwargs):
			self.count += 1
			self.queries.append(" ".join(str(args[0] if args else kwargs.get("query")).split())[:70])
			return self.original(*args, **kwargs)

		frappe.db.sql = counted
		return self

	def __exit__(self, *exc):
		frappe.db.sql = self.original


# --- RMA and spare stock ----------------------------------------------------------------------------

SPARE_WAREHOUSE = "HEZO Spare Stock"
RETURNS_WAREHOUSE = "HEZO Returns"
REPAIR_WAREHOUSE = "HEZO At Manufacturer"
SPARE_RATE = 100.0  # what a test spare unit is booked at (PLN)


def company() -> str:
	return get_default_company()


def make_item(model: str, vendor: str = "Logitech") -> str:
	"""The model as ERPNext sees it (services/contracts/devices.py), valued for stock transactions."""
	ensure_model_item(model, vendor)
	if not frappe.db.get_value("Item", model, "valuation_rate"):
		frappe.db.set_value("Item", model, "valuation_rate", SPARE_RATE)
	return model


def make_warehouse(name: str = SPARE_WAREHOUSE, spare: bool = True) -> str:
	"""A warehouse of the site's company (ERPNext names it "<name> - <abbr>")."""
	return ensure_warehouse(name, spare)


def stock_roles() -> tuple[str, str]:
	"""The returns and repair warehouses, named in HEZO Settings. Returns (returns, repair)."""
	returns, repair = (
		make_warehouse(RETURNS_WAREHOUSE, spare=False),
		make_warehouse(REPAIR_WAREHOUSE, spare=False),
	)
	frappe.db.set_single_value(
		"HEZO Settings", {"rma_returns_warehouse": returns, "rma_repair_warehouse": repair}
	)
	frappe.clear_document_cache("HEZO Settings", "HEZO Settings")
	return returns, repair


def make_spare(
	serial: str, model: str, warehouse: str | None = None, vendor: str = "Logitech", **flags
) -> str:
	"""A spare unit received into a spare warehouse by a submitted Material Receipt. `no_allocate=True`
	keeps it from serving the RMAs waiting for its model (a race test hands it out itself)."""
	make_item(model, vendor)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company(),
			"purpose": "Material Receipt",
			"stock_entry_type": "Material Receipt",
			"items": [
				{
					"item_code": model,
					"qty": 1,
					"t_warehouse": warehouse or make_warehouse(),
					"basic_rate": SPARE_RATE,
					"use_serial_batch_fields": 1,
					"serial_no": serial.upper(),
				}
			],
		}
	)
	entry.flags.update({f"hezo_{key}": value for key, value in flags.items()})
	entry.insert(ignore_permissions=True)
	entry.submit()
	return serial.upper()


def confirmed_ticket(
	serial: str,
	contract_no: str,
	plan: str = "HEZO-PLUS",
	priority: str = "Critical",
	nip: str = "5260250995",
	model: str = "Rally Bar",
	reporter_email: str = "it@customer.example",
):
	"""A device on a contract and a ticket whose validity is confirmed (delivery clock running). The
	model exists as an Item and the customer as an ERPNext Customer (stock transactions need both)."""
	customer = make_customer(nip)
	make_item(model)
	make_device(serial, customer, model=model, vendor="Logitech")
	if not frappe.db.exists("HEZO Contract", contract_no):
		make_contract(contract_no, customer, plan, [serial.upper()])
	return confirm_validity(make_ticket(serial, contract_no, priority, reporter_email=reporter_email))


def confirm_validity(ticket):
	"""The desk's verification of `ticket`: interviewed, tested, its failure confirmed."""
	ticket.status = "Verification"
	ticket.save()
	ticket.interview_done = 1
	ticket.tests_done = 1
	ticket.status = "Confirmed"
	ticket.save()
	return ticket


def make_rma(ticket: str, **fields):
	return frappe.get_doc({"doctype": "HEZO RMA", "ticket": ticket, **fields}).insert()


def confirmed_at(rma_name: str) -> str:
	"""The failure's confirmation as stored: under the tests' ticking clock, the frozen time plus however
	long the set-up took. Shipping or delivering "at once" means at this time, never at the frozen literal."""
	return str(frappe.db.get_value("HEZO RMA", rma_name, "validity_confirmed_at"))


def ship(rma_name: str, at: str, serial: str | None = None, carrier: str = "DHL", waybill: str = "WB-OUT-1"):
	rma = frappe.get_doc("HEZO RMA", rma_name)
	rma.carrier, rma.outbound_waybill, rma.shipped_at = carrier, waybill, at
	if serial:
		rma.replacement_serial = serial
	rma.save()
	return rma


def deliver(rma_name: str, at: str):
	rma = frappe.get_doc("HEZO RMA", rma_name)
	rma.delivered_at = at
	rma.save()
	return rma


def role_users(domain: str, roles) -> dict[str, str]:
	"""One user per role ("HEZO Engineer" -> engineer@<domain>)."""
	return {role: make_user(f"{role.split()[1].lower()}@{domain}", role) for role in roles}


def assert_permission_matrix(test, matrix: dict, users: dict[str, str]) -> None:
	"""matrix: {doctype: {role: the permission types it has}}; every read, write and create checked."""
	for doctype, roles in matrix.items():
		for role, allowed in roles.items():
			for ptype in ("read", "write", "create"):
				with test.subTest(doctype=doctype, role=role, ptype=ptype):
					test.assertEqual(
						bool(frappe.has_permission(doctype, ptype, user=users[role])), ptype in allowed
					)
