"""A HEZO service sold on a submitted Sales Order makes a draft contract; every refusal is said at
once on the order, and nothing is half-created."""

from __future__ import annotations

import erpnext
import frappe
from frappe.utils import add_days, getdate

from hezo_service.services.contracts.devices import root_item_group, stock_default
from hezo_service.tests.factories import NIPS, HEZOTestCase, make_contract, make_customer, make_partner

SERVICE_ITEM = "HEZO-360-1Y"
DEVICE_ITEM = "FG-100F"


def company() -> str:
	return erpnext.get_default_company()


def stores() -> str:
	"""Where the company keeps what it sells (the demo's sales warehouse when Stock Settings name none)."""
	from hezo_service.demo import sales_warehouse

	return stock_default("default_warehouse") or sales_warehouse()


def service_item(code: str = SERVICE_ITEM, plan: str = "HEZO-360", years: int = 1) -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": f"{plan}, {years} rok",
				"item_group": stock_default("item_group") or root_item_group(),
				"stock_uom": stock_default("stock_uom"),
				"is_stock_item": 0,
				"hezo_service_plan": plan,
				"hezo_term_years": years,
			}
		).insert(ignore_permissions=True)
	return code


def receive(serials: list[str], item: str = DEVICE_ITEM) -> None:
	"""Serials of a serialised Item received into the company's stores (a Material Receipt)."""
	from hezo_service.services.contracts.devices import ensure_model_item

	ensure_model_item(item, "Fortinet")
	entry = frappe.new_doc("Stock Entry")
	entry.update({"purpose": "Material Receipt", "company": company()})
	entry.set_stock_entry_type()
	entry.append(
		"items",
		{
			"item_code": item,
			"t_warehouse": stores(),
			"qty": len(serials),
			"basic_rate": 1000,
			"serial_no": "\n".join(serials),
			"use_serial_batch_fields": 1,
		},
	)
	entry.insert(ignore_permissions=True).submit()


def sell(partner: str, serials: list[str], item: str = DEVICE_ITEM) -> None:
	"""The devices sold to the partner: a submitted Sales Invoice that updates stock."""
	receive(serials, item)
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update({"customer": partner, "company": company(), "update_stock": 1, "set_warehouse": stores()})
	invoice.append(
		"items",
		{
			"item_code": item,
			"qty": len(serials),
			"rate": 1500,
			"warehouse": stores(),
			"serial_no": "\n".join(serials),
			"use_serial_batch_fields": 1,
		},
	)
	invoice.insert(ignore_permissions=True).submit()


def order(partner: str, nip: str | None, lines: list[dict], **fields):
	doc = frappe.new_doc("Sales Order")
	doc.update(
		{
			"customer": partner,
			"company": company(),
			"transaction_date": getdate(),
			"delivery_date": add_days(getdate(), 14),
			"hezo_end_customer_nip": nip,
			**fields,
		}
	)
	for line in lines:
		doc.append("items", {"qty": 1, "delivery_date": doc.delivery_date, "warehouse": stores(), **line})
	return doc.insert(ignore_permissions=True)


class TestContractsFromSales(HEZOTestCase):
	def setUp(self):
		super().setUp()
		self.partner = make_partner("Partner Sprzedaży Sp. z o.o.", NIPS[5])
		self.customer = make_customer(NIPS[0], "Klient Końcowy S.A.")
		service_item()

	def test_a_submitted_order_makes_a_draft_contract_with_everything_the_sale_says(self):
		sell(self.partner, ["SO-FG-1", "SO-FG-2"])
		so = order(
			self.partner,
			"PL 526-025-09-95",
			[{"item_code": SERVICE_ITEM, "rate": 2400, "hezo_serial_nos": "so-fg-1\nSO-FG-2"}],
		)
		so.submit()
		contracts = frappe.get_all("HEZO Contract", filters={"sales_order": so.name}, pluck="name")
		self.assertEqual(contracts, [f"HZ-{so.name}-1".upper()])
		contract = frappe.get_doc("HEZO Contract", contracts[0])
		self.assertEqual(
			(contract.status, contract.customer, contract.partner, contract.plan, contract.term_years),
			("Draft", self.customer, self.partner, "HEZO-360", 1),
		)
		self.assertEqual(getdate(contract.start_date), getdate(so.delivery_date))
		self.assertEqual(
			getdate(contract.end_date), add_days(frappe.utils.add_years(so.delivery_date, 1), -1)
		)
		self.assertEqual((contract.price, contract.currency), (2400, so.currency))
		self.assertEqual([d.device for d in contract.devices], ["SO-FG-1", "SO-FG-2"])

	def test_a_package_sold_with_its_devices_on_the_same_order_is_accepted(self):
		receive(["SO-FG-3"])
		so = order(
			self.partner,
			NIPS[0],
			[
				{"item_code": DEVICE_ITEM, "rate": 1500},
				{"item_code": SERVICE_ITEM, "rate": 2400, "hezo_serial_nos": "SO-FG-3"},
			],
		)
		so.submit()
		self.assertEqual(frappe.db.count("HEZO Contract", {"sales_order": so.name}), 1)

	def test_every_refusal_is_said_at_once_and_nothing_is_made(self):
		sell(self.partner, ["SO-FG-4"])
		receive(["SO-FG-5"])  # in stock, never sold
		make_contract(
			"HZ-SO-COVERED",
			self.customer,
			"HEZO-360",
			["SO-FG-4"],
			str(getdate()),
			str(add_days(getdate(), 400)),
		)
		not_a_partner = make_customer(NIPS[1], "Nie Partner Sp. z o.o.")
		so = order(
			not_a_partner,
			"1234567890",
			[
				{
					"item_code": SERVICE_ITEM,
					"rate": 100,
					"hezo_serial_nos": "SO-FG-4, SO-FG-5, NO-SUCH-1, SO-FG-4",
				}
			],
		)
		with self.assertRaises(frappe.ValidationError) as raised:
			so.submit()
		message = str(raised.exception)
		for expected in (
			"is not a HEZO partner",
			"1234567890 is not a valid Polish NIP",
			"serial SO-FG-4 is typed twice",
			"serial SO-FG-5 was not sold",
			"serial NO-SUCH-1 is not a serial number in ERPNext",
			"serial SO-FG-4 is already covered by contract HZ-SO-COVERED",
		):
			self.assertIn(expected, message)
		self.assertEqual(frappe.db.get_value("Sales Order", so.name, "docstatus"), 0)
		self.assertEqual(frappe.db.count("HEZO Contract", {"sales_order": so.name}), 0)

	def test_an_unknown_nip_is_refused_rather_than_a_customer_made(self):
		sell(self.partner, ["SO-FG-6"])
		customers = frappe.db.count("Customer")
		so = order(
			self.partner, NIPS[4], [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "SO-FG-6"}]
		)
		with self.assertRaises(frappe.ValidationError) as raised:
			so.submit()
		self.assertIn(f"No end customer with NIP {NIPS[4]}", str(raised.exception))
		self.assertEqual(frappe.db.count("Customer"), customers)

	def test_a_term_the_plan_does_not_offer_is_refused(self):
		service_item("HEZO-360-2Y", "HEZO-360", 2)
		sell(self.partner, ["SO-FG-7"])
		so = order(
			self.partner, NIPS[0], [{"item_code": "HEZO-360-2Y", "rate": 1, "hezo_serial_nos": "SO-FG-7"}]
		)
		with self.assertRaises(frappe.ValidationError) as raised:
			so.submit()
		self.assertIn("Line 1: this plan offers terms of 1, 3 years, not 2", str(raised.exception))

	def test_cancelling_the_order_takes_its_drafts_and_a_confirmed_contract_blocks_it(self):
		sell(self.partner, ["SO-FG-8", "SO-FG-9"])
		first = order(
			self.partner, NIPS[0], [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "SO-FG-8"}]
		)
		first.submit()
		first.cancel()
		self.assertEqual(frappe.db.count("HEZO Contract", {"sales_order": first.name}), 0)
		second = order(
			self.partner, NIPS[0], [{"item_code": SERVICE_ITEM, "rate": 1, "hezo_serial_nos": "SO-FG-9"}]
		)
		second.submit()
		contract = frappe.get_doc("HEZO Contract", {"sales_order": second.name})
		contract.status = "Active"
		contract.save()
		with self.assertRaises(frappe.ValidationError):
			second.cancel()
		self.assertEqual(frappe.db.get_value("HEZO Contract", contract.name, "status"), "Active")
