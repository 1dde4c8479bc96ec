"""The versioned patch that moves a site's own HEZO customers, partners, devices, warehouses, spare
units and billing documents to ERPNext's records, on a site holding old-style records: the old tables
are made here as they were (temporary tables: no commit, gone with the test's connection)."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, now

from hezo_service.patches.v0_2 import move_to_erpnext_records as patch
from hezo_service.tests.factories import HEZOTestCase, make_user

NIP = "1060000062"  # a valid NIP no other test uses
OLD_TABLES = {
	"tabHEZO Customer": "customer_name varchar(140), nip varchar(140), is_active int default 1",
	"tabHEZO Partner": "partner_name varchar(140), nip varchar(140)",
	"tabHEZO Device": """serial_no varchar(140), vendor varchar(140), family varchar(140), model varchar(140),
		firmware_version varchar(140), status varchar(140), customer varchar(140), current_contract varchar(140),
		site_address text, site_contact varchar(140), site_phone varchar(140), replaces varchar(140),
		replaced_by varchar(140)""",
	"tabHEZO Warehouse": "warehouse_name varchar(140), address text, is_active int default 1",
	"tabHEZO Spare Unit": """serial_no varchar(140), vendor varchar(140), model varchar(140),
		warehouse varchar(140), status varchar(140), rma varchar(140), source varchar(140)""",
	"tabHEZO Billing Document": """customer varchar(140), period varchar(140), currency varchar(140),
		status varchar(140), sales_invoice varchar(140), document_key varchar(140)""",
	"tabHEZO Billing Line": """parent varchar(140), idx int, source varchar(140), description text,
		contract varchar(140), qty decimal(21,9), rate decimal(21,9), billing_key varchar(140),
		reference_doctype varchar(140), reference_name varchar(140)""",
}


def old_table(table: str, rows: list[dict]) -> None:
	# through the cursor: Frappe refuses DDL in tests (a temporary table commits nothing in MariaDB)
	frappe.db._cursor.execute(
		f"create temporary table `{table}` (name varchar(140) primary key, creation datetime(6), {OLD_TABLES[table]})"
	)
	for row in rows:
		row = {"creation": now(), **row}
		columns = ", ".join(f"`{c}`" for c in row)
		frappe.db.sql(f"insert into `{table}` ({columns}) values %s", [tuple(row.values())])


def raw_insert(doctype: str, row: dict) -> None:
	row = {
		"creation": now(),
		"modified": now(),
		"owner": "Administrator",
		"modified_by": "Administrator",
		**row,
	}
	columns = ", ".join(f"`{c}`" for c in row)
	frappe.db.sql(f"insert into `tab{doctype}` ({columns}) values %s", [tuple(row.values())])


class TestMoveToERPNextRecords(HEZOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.user = make_user("stary.klient@migracja.example", "HEZO Customer")  # commits: made once

	def setUp(self):
		super().setUp()
		today = getdate()
		old_table(
			"tabHEZO Customer",
			[{"name": "HZC-90001", "customer_name": "Stary Klient S.A.", "nip": f"PL {NIP}"}],
		)
		old_table("tabHEZO Partner", [{"name": "Stary Partner", "partner_name": "Stary Partner"}])
		old_table(
			"tabHEZO Device",
			[
				{
					"name": "MIG-DEV-1",
					"serial_no": "MIG-DEV-1",
					"vendor": "Fortinet",
					"family": "FortiGate",
					"model": "FG-60F-MIG",
					"status": "Active",
					"customer": "HZC-90001",
					"site_address": "ul. Stara 1, Kraków",
					"site_contact": "Jan Kowalski",
					"firmware_version": "7.0.1",
				}
			],
		)
		old_table("tabHEZO Warehouse", [{"name": "Magazyn Migracja", "warehouse_name": "Magazyn Migracja"}])
		old_table(
			"tabHEZO Spare Unit",
			[
				{
					"name": "MIG-SPARE-1",
					"serial_no": "MIG-SPARE-1",
					"vendor": "Fortinet",
					"model": "FG-60F-MIG",
					"warehouse": "Magazyn Migracja",
					"status": "Available",
					"source": "Purchase",
				}
			],
		)
		raw_insert(
			"HEZO Contract",
			{
				"name": "MIG-CONTRACT-1",
				"contract_no": "MIG-CONTRACT-1",
				"customer": "HZC-90001",
				"partner": "Stary Partner",
				"plan": "HEZO-360",
				"status": "Active",
				"start_date": add_days(today, -30),
				"end_date": add_days(today, 300),
				"currency": "PLN",
				"price": 1000,
			},
		)
		raw_insert(
			"HEZO Contract Device",
			{
				"name": "mig-row-1",
				"parent": "MIG-CONTRACT-1",
				"parenttype": "HEZO Contract",
				"parentfield": "devices",
				"idx": 1,
				"device": "MIG-DEV-1",
			},
		)
		raw_insert("HEZO Portal Access", {"name": "mig-access-1", "user": self.user, "customer": "HZC-90001"})
		old_table(
			"tabHEZO Billing Document",
			[
				{
					"name": "HZ-BILL-MIG-1",
					"customer": "HZC-90001",
					"period": today.strftime("%Y-%m"),
					"currency": "PLN",
					"status": "Draft",
				}
			],
		)
		old_table(
			"tabHEZO Billing Line",
			[
				{
					"name": "mig-line-1",
					"parent": "HZ-BILL-MIG-1",
					"idx": 1,
					"source": "Reactivation fee",
					"description": "Opłata reaktywacyjna MIG-CONTRACT-1",
					"contract": "MIG-CONTRACT-1",
					"qty": 1,
					"rate": 250,
					"billing_key": "reactivation:MIG-CONTRACT-1",
				}
			],
		)

	def tearDown(self):
		for table in OLD_TABLES:
			frappe.db._cursor.execute(f"drop temporary table if exists `{table}`")
		super().tearDown()

	def test_every_old_record_becomes_the_erpnext_record_and_every_link_follows(self):
		patch.execute()
		customer = frappe.db.get_value(
			"Customer", {"hezo_nip": NIP}, ["name", "hezo_is_partner"], as_dict=True
		)
		self.assertEqual(customer.hezo_is_partner, 0)
		partner = frappe.db.get_value(
			"Customer", {"customer_name": "Stary Partner"}, ["name", "hezo_is_partner"], as_dict=True
		)
		self.assertEqual(partner.hezo_is_partner, 1)
		contract = frappe.get_doc("HEZO Contract", "MIG-CONTRACT-1")
		self.assertEqual((contract.customer, contract.partner), (customer.name, partner.name))
		self.assertEqual(frappe.db.get_value("HEZO Portal Access", "mig-access-1", "customer"), customer.name)
		self.assertTrue(
			frappe.db.exists(
				"Portal User", {"parenttype": "Customer", "parent": customer.name, "user": self.user}
			)
		)

		device = frappe.get_doc("Serial No", "MIG-DEV-1")
		self.assertEqual(device.item_code, "FG-60F-MIG")
		self.assertEqual(
			frappe.db.get_value("Item", "FG-60F-MIG", ["brand", "hezo_family"]), ("Fortinet", "FortiGate")
		)
		self.assertEqual(
			(device.hezo_customer, device.hezo_site_address, device.hezo_firmware_version),
			(customer.name, "ul. Stara 1, Kraków", "7.0.1"),
		)
		self.assertEqual((device.hezo_contract, device.maintenance_status), ("MIG-CONTRACT-1", "Under AMC"))
		self.assertEqual(getdate(device.amc_expiry_date), getdate(contract.end_date))

		warehouse = frappe.get_doc("Warehouse", {"warehouse_name": "Magazyn Migracja"})
		self.assertEqual(warehouse.hezo_spare_warehouse, 1)
		spare = frappe.db.get_value("Serial No", "MIG-SPARE-1", ["warehouse", "status"], as_dict=True)
		self.assertEqual((spare.warehouse, spare.status), (warehouse.name, "Active"))
		ledger = frappe.get_all(
			"Stock Ledger Entry",
			{"item_code": "FG-60F-MIG", "is_cancelled": 0},
			["warehouse", "actual_qty", "voucher_type"],
			as_list=True,
		)
		self.assertEqual([tuple(row) for row in ledger], [(warehouse.name, 1.0, "Stock Entry")])

		[line] = frappe.get_all(
			"Sales Invoice Item",
			{"hezo_billing_key": "reactivation:MIG-CONTRACT-1"},
			["parent", "rate", "hezo_contract"],
		)
		self.assertEqual((line.rate, line.hezo_contract), (250, "MIG-CONTRACT-1"))
		invoice = frappe.db.get_value("Sales Invoice", line.parent, ["customer", "docstatus"], as_dict=True)
		self.assertEqual((invoice.customer, invoice.docstatus), (customer.name, 0))

	def test_running_it_again_changes_nothing(self):
		patch.execute()
		counted = (
			"Customer",
			"Serial No",
			"Stock Ledger Entry",
			"Sales Invoice Item",
			"Portal User",
			"Warehouse",
		)
		before = {d: frappe.db.count(d) for d in counted}
		contract = frappe.db.get_value("HEZO Contract", "MIG-CONTRACT-1", ["customer", "partner", "modified"])
		patch.execute()
		self.assertEqual({d: frappe.db.count(d) for d in counted}, before)
		self.assertEqual(
			frappe.db.get_value("HEZO Contract", "MIG-CONTRACT-1", ["customer", "partner", "modified"]),
			contract,
		)
