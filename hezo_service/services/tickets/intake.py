"""Ticket intake: a ticket is accepted only with a serial number and a contract number that match a
contract covering that device on the report date (seeds 000–004: coverage by serial number; docs/decisions.md, "Frappe app")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe import _

from hezo_service.core.portal import normalise_contract_no, normalise_serial
from hezo_service.core.tickets import mail
from hezo_service.services.common.customer_dates import customer_date
from hezo_service.services.contracts.coverage import covers, in_force


class MissingDetailsError(frappe.ValidationError):
	http_status_code = 422


class NotCoveredError(frappe.ValidationError):
	http_status_code = 422


class ContractLapsedError(NotCoveredError):
	"""Covered once, not on the report date: a renewal with reactivation brings coverage back."""


@dataclass(frozen=True)
class Coverage:
	contract: str
	customer: str
	plan: str
	device: str


def find_coverage(serial_no: str, contract_no: str, on: date) -> Coverage:
	"""The contract covering the device on `on`, or a 4xx error saying why not, in the user's language."""
	serial_no, contract_no = normalise_serial(serial_no), normalise_contract_no(contract_no)
	if not serial_no or not contract_no:
		frappe.throw(
			_("A ticket needs the serial number of the device and the service contract number."),
			MissingDetailsError,
		)
	contract = frappe.db.get_value(
		"HEZO Contract",
		contract_no,
		["name", "customer", "plan", "start_date", "end_date", "status"],
		as_dict=True,
	)
	if contract is None:
		frappe.throw(_("Service contract {0} was not found.").format(contract_no), NotCoveredError)
	device = frappe.db.get_value(
		"HEZO Contract Device",
		{"parenttype": "HEZO Contract", "parent": contract.name, "device": serial_no},
		"device",
	)
	if device is None:
		frappe.throw(
			_("The device with serial number {0} is not covered by contract {1}.").format(
				serial_no, contract.name
			),
			NotCoveredError,
		)
	if not in_force(contract.status):
		frappe.throw(
			_("Contract {0} is not in force ({1}).").format(contract.name, _(contract.status)),
			NotCoveredError,
		)
	if on < contract.start_date:
		frappe.throw(
			_("Contract {0} starts on {1}; the device is not covered yet.").format(
				contract.name, customer_date(contract.start_date)
			),
			NotCoveredError,
		)
	if not covers(contract.status, contract.start_date, contract.end_date, on):
		renewal = renewal_covering(contract.name, serial_no, on)  # a lapsed contract reactivated by a renewal
		if renewal:
			return renewal
		frappe.throw(
			_(
				"The device {0} is not covered: contract {1} ended on {2}. Reactivation is possible: "
				"renew the contract (a reactivation fee may apply) and the ticket will be accepted."
			).format(serial_no, contract.name, customer_date(contract.end_date)),
			ContractLapsedError,
		)
	return Coverage(contract.name, contract.customer, contract.plan, device)


def renewal_covering(contract: str, serial_no: str, on: date) -> Coverage | None:
	"""The renewal (or renewal of a renewal) of `contract` that covers the device on `on`: a customer
	quoting the old contract number after a reactivation is covered by the new term."""
	name = frappe.db.get_value("HEZO Contract", contract, "renewed_to")
	for _hop in range(20):
		if not name:
			return None
		c = frappe.db.get_value(
			"HEZO Contract",
			name,
			["name", "customer", "plan", "start_date", "end_date", "status", "renewed_to"],
			as_dict=True,
		)
		covered = frappe.db.exists(
			"HEZO Contract Device", {"parenttype": "HEZO Contract", "parent": c.name, "device": serial_no}
		)
		if covered and covers(c.status, c.start_date, c.end_date, on):
			return Coverage(c.name, c.customer, c.plan, serial_no)
		name = c.renewed_to
	return None


def details_from_text(text: str | None) -> tuple[str | None, str | None]:
	"""Serial and contract numbers written in an e-mail (core/tickets/mail.py has the spellings)."""
	return mail.details_from_text(text)


def default_priority(plan: str) -> str:
	"""For e-mail tickets, which name no priority: the plan's middle one (Non-critical, P2),
	which staff correct when they read the ticket."""
	names = frappe.get_all(
		"HEZO Plan Priority",
		filters={"parent": plan, "parenttype": "HEZO Service Plan"},
		pluck="priority",
		order_by="idx",
	)
	for preferred in ("Non-critical", "P3"):
		if preferred in names:
			return preferred
	return names[len(names) // 2] if names else ""


def open_ticket(
	channel: str,
	serial_no: str,
	contract_no: str,
	subject: str,
	priority: str,
	description: str | None,
	reporter: dict,
	ignore_permissions: bool = False,
):
	"""A new ticket from the desk's API or the portal (`reporter`: reporter_name, reporter_email,
	reporter_phone); the intake rules (coverage, priority, clocks) run in the ticket's controller."""
	return frappe.get_doc(
		{
			"doctype": "HEZO Ticket",
			"channel": channel,
			"serial_no": serial_no,
			"contract_no": contract_no,
			"subject": subject,
			"priority": priority,
			"description": description,
			**reporter,
		}
	).insert(ignore_permissions=ignore_permissions)
