"""Two partners (P1 with a NIP, P2 with an EU VAT number), each with one end customer, its contracts
(one ending within 90 days, one lapsed, one ending next year), an open ticket with a private file and a
message, and a submitted Sales Invoice of the partner's own; portal users of P1, of P2, of P1's end
customer, and one of both P1 and P1's end customer. Dates are relative to today."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, today

from hezo_service.services.billing.billable_lines import RENEWAL
from hezo_service.services.billing.sales_invoices import billing_item, invoice_company, vat_template
from hezo_service.services.portal.scope import forget_customers_of
from hezo_service.services.portal.signup import add_portal_user
from hezo_service.tests.factories import (
	NIPS,
	make_customer,
	make_device,
	make_partner,
	make_ticket,
	make_user,
)
from hezo_service.tests.portal_fixtures import private_trail

PARTNER_USERS = {
	"P1": "pia@partner-1.example",
	"P2": "pawel@partner-2.example",
	"C1": "cyryl@customer-1.example",
	"BOTH": "bogna@partner-1.example",  # a user of P1 and of P1's end customer
}
P1_NIP, P2_VAT = NIPS[5], "SK2020317068"
PLAN = "HEZO-360"


def make_partner_users() -> dict[str, str]:
	"""Committed (user creation commits): call in setUpClass."""
	return {k: make_user(v, "HEZO Customer") for k, v in PARTNER_USERS.items()}


def partner_contract(
	number: str,
	customer: str,
	partner: str,
	devices: list[str],
	start,
	end,
	status: str = "Active",
	price=1200,
) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "HEZO Contract",
				"contract_no": number,
				"customer": customer,
				"partner": partner,
				"plan": PLAN,
				"term_years": 1,
				"price": price,
				"start_date": start,
				"end_date": end,
				"status": status,
				"currency": "PLN",
				"devices": [{"device": d} for d in devices],
			}
		)
		.insert()
		.name
	)


def partner_invoice(partner: str, rate: float = 321.0) -> str:
	company = invoice_company()
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update(
		{
			"company": company,
			"customer": partner,
			"currency": "PLN",
			"taxes_and_charges": vat_template(company),
			"items": [{"item_code": billing_item(RENEWAL, PLAN), "qty": 1, "rate": rate}],
		}
	)
	invoice.set_taxes()
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	return invoice.name


def make_partner_world(prefix: str = "PTN") -> dict:
	on = getdate(today())
	world = {}
	for key, partner_name, tax_id, nip in (
		("P1", f"Partner One {prefix}", P1_NIP, NIPS[3]),
		("P2", f"Partner Two {prefix}", P2_VAT, NIPS[4]),
	):
		partner = make_partner(f"{partner_name} Sp. z o.o.", tax_id)
		customer = make_customer(nip, f"End customer of {key} {prefix} Sp. z o.o.")
		serials = [make_device(f"{prefix}{key}{n:04d}", customer) for n in range(1, 4)]
		due = partner_contract(
			f"HZ-{prefix}-{key}-DUE", customer, partner, [serials[0]], add_days(on, -300), add_days(on, 30)
		)
		lapsed = partner_contract(
			f"HZ-{prefix}-{key}-LAP",
			customer,
			partner,
			[serials[1]],
			add_days(on, -400),
			add_days(on, -40),
			status="Lapsed",
		)
		later = partner_contract(
			f"HZ-{prefix}-{key}-LATER", customer, partner, [serials[2]], add_days(on, -10), add_days(on, 355)
		)
		ticket = make_ticket(serials[0], due, "Critical", subject=f"Secret subject {key}")
		ticket.db_set("description", f"<p>secret description of {key}</p>")
		file, _communication = private_trail(ticket.name, key, f"partner-secret-{key}.log")
		world[key] = frappe._dict(
			partner=partner,
			tax_id=tax_id,
			customer=customer,
			nip=nip,
			serials=serials,
			due=due,
			lapsed=lapsed,
			later=later,
			ticket=ticket.name,
			file=file.name,
			invoice=partner_invoice(partner, 321.0 if key == "P1" else 654.0),
		)
	add_portal_user(world["P1"].partner, PARTNER_USERS["P1"])
	add_portal_user(world["P2"].partner, PARTNER_USERS["P2"])
	add_portal_user(world["P1"].customer, PARTNER_USERS["C1"])
	add_portal_user(world["P1"].partner, PARTNER_USERS["BOTH"])
	add_portal_user(world["P1"].customer, PARTNER_USERS["BOTH"])
	forget_customers_of()
	return world
