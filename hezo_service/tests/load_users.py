"""The load tier's portal users on the generated year (load_tests/run): the generated customer with the
most open tickets and the partner who sold its contracts, each with a portal login. Committed; a re-run
reuses them."""

from __future__ import annotations

import frappe
from frappe.utils.password import update_password

from hezo_service.services.portal.signup import add_portal_user
from hezo_service.tests.factories import make_user
from hezo_service.tests.year_data import PREFIX

PASSWORD = "Load-Portal-2026!x"
CUSTOMER_USER, PARTNER_USER = "load.customer@customer.example", "load.partner@partner.example"


def prepare() -> dict:
	"""{"customer": {"user", "password", "tickets", "serials"}, "partner": {"user", "password"}}:
	`tickets` the customer's open tickets (to read and reply to), `serials` "serial:contract:priority"
	of its covered devices (to file tickets on)."""
	frappe.set_user("Administrator")
	customer, contract = frappe.db.sql(
		"""select customer, contract_no from `tabHEZO Ticket` where subject like %s
		group by customer, contract_no order by count(*) desc, customer limit 1""",
		f"{PREFIX} open %",
	)[0]
	partner = frappe.db.get_value("HEZO Contract", contract, "partner")
	if not partner:  # a year generated before contracts had partners
		partner = frappe.db.get_value("Customer", {"customer_name": ["like", f"{PREFIX} Partner %"]})
		frappe.db.set_value("HEZO Contract", contract, "partner", partner)
	for user, party in ((CUSTOMER_USER, customer), (PARTNER_USER, partner)):
		make_user(user, "HEZO Customer")
		update_password(user, PASSWORD)
		add_portal_user(party, user)
	frappe.db.commit()
	open_tickets = frappe.db.sql_list(
		"""select name from `tabHEZO Ticket` where customer = %s and subject like %s order by name limit 20""",
		(customer, f"{PREFIX} open %"),
	)
	return {
		"customer": {
			"user": CUSTOMER_USER,
			"password": PASSWORD,
			"tickets": open_tickets,
			"serials": covered_devices(customer),
		},
		"partner": {"user": PARTNER_USER, "password": PASSWORD},
	}


def covered_devices(customer: str) -> list[str]:
	""" "serial:contract:priority" of the customer's devices its contracts in force cover today (an RMA
	may have swapped a ticket's serial for its replacement), the plan's first priority."""
	return frappe.db.sql_list(
		"""select concat(d.device, ':', c.name, ':', (select p.priority from `tabHEZO Plan Priority` p
			where p.parent = c.plan and p.parenttype = 'HEZO Service Plan' order by p.idx limit 1))
		from `tabHEZO Contract` c join `tabHEZO Contract Device` d on d.parent = c.name
		where c.customer = %s and c.status in ('Active', 'Expiring') and c.start_date <= curdate()
			and c.end_date >= curdate()
		order by d.device limit 20""",
		customer,
	)


def desk_serials() -> str:
	""" "serial:contract:priority,..." of up to 20 generated open tickets whose device their contract
	still covers (an RMA may have swapped it for its replacement): what the load's desk engineers file
	tickets on (load_tests/run, load_tests/restart_services)."""
	return ",".join(
		frappe.db.sql_list(
			"""select concat(t.serial_no, ':', t.contract_no, ':', t.priority) from `tabHEZO Ticket` t
			where t.subject like %s and exists (select 1 from `tabHEZO Contract Device` d
				where d.parent = t.contract_no and d.device = t.serial_no)
			order by t.name limit 20""",
			f"{PREFIX} open %",
		)
	)
