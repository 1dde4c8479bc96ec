"""What the customer hears about an RMA (shipped, delivered, how and by when to return the faulty
unit), sent through the one customer-message service once the RMA is saved. The RMA flow decides the
events; until it is a pure step of its own, rma.py queues them at ship and delivery."""

from __future__ import annotations

import frappe

from hezo_service.core import messages
from hezo_service.services.common import customer_messages


def queue(rma, *events: str) -> None:
	rma.flags.customer_messages = [*(rma.flags.customer_messages or []), *events]


def send_queued(rma) -> None:
	events = list(dict.fromkeys(rma.flags.customer_messages or []))
	rma.flags.customer_messages = []
	for event in events:
		send(rma, event)


def send(rma, event: str, **context) -> str | None:
	if not rma.ticket:
		return None
	if event in (messages.RETURN_INSTRUCTIONS, messages.RETURN_REMINDER):
		context.setdefault("address", return_address(rma))
	return customer_messages.send(rma.ticket, event, rma=rma, **context)


def return_address(rma) -> str:
	"""Where the faulty unit goes: the manufacturer (named on the RMA) or the company's own address."""
	if rma.return_destination == "Manufacturer":
		return rma.vendor or frappe._("the manufacturer")
	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")
	from erpnext.setup.doctype.company.company import get_default_company_address

	address = get_default_company_address(company) if company else None
	if not address:
		return company or ""
	doc = frappe.get_doc("Address", address)
	lines = [company, doc.address_line1, doc.address_line2, f"{doc.pincode or ''} {doc.city or ''}".strip()]
	return ", ".join(line for line in lines if line)
