"""Two end customers, each with a portal user, a contract, a device, a ticket with a private file,
a Communication and a delivery proposal: the data of the isolation matrix and the action tests."""

from __future__ import annotations

import frappe

from hezo_service.tests.factories import (
	NIPS,
	make_contract,
	make_customer,
	make_device,
	make_ticket,
	make_user,
)

USERS = {"A": "anna@portal-a.example", "B": "bartek@portal-b.example"}


def make_portal_users() -> dict[str, str]:
	"""Committed (user creation commits): call in setUpClass before any other data."""
	return {k: make_user(v, "HEZO Customer") for k, v in USERS.items()}


def make_world(freeze) -> dict:
	world = {}
	for key, nip in (("A", NIPS[3]), ("B", NIPS[4])):
		customer = make_customer(nip, f"Portal {key} Sp. z o.o.")
		serial = f"PRT{key}0001"
		device = make_device(serial, customer)
		contract = make_contract(f"HZ-PRT-{key}", customer, "HEZO-360", [device])
		frappe.get_doc(
			{"doctype": "HEZO Portal Access", "user": USERS[key], "customer": customer, "contract": contract}
		).insert(ignore_permissions=True)
		with freeze("2026-03-10 10:00:00"):
			ticket = make_ticket(serial, contract, "Critical", subject=f"Down {key}")
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"secret-{key}.log",
				"attached_to_doctype": "HEZO Ticket",
				"attached_to_name": ticket.name,
				"is_private": 1,
				"content": f"secret log of {key}".encode(),
			}
		).insert(ignore_permissions=True)
		communication = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": f"Re {key}",
				"content": f"private answer for {key}",
				"reference_doctype": "HEZO Ticket",
				"reference_name": ticket.name,
			}
		).insert(ignore_permissions=True)
		world[key] = frappe._dict(
			customer=customer,
			nip=nip,
			serial=device,
			contract=contract,
			ticket=ticket.name,
			file=file.name,
			file_url=file.file_url,
			communication=communication.name,
			user=USERS[key],
		)
	return world
