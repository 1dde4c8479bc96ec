"""What happens to a ticket when it is saved: intake until it is complete, the status flow, pauses,
verification, and the audit of every clock change."""

from __future__ import annotations

from typing import TYPE_CHECKING

import frappe
from frappe import _

from hezo_service.core.sla.catalogue import CatalogueError
from hezo_service.core.tickets.flow import (
	move_effects,
	status_when_complete,
	verification_complete,
)
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.services.tickets import clocks as clock_service
from hezo_service.services.tickets import ticket_messages
from hezo_service.services.tickets.intake import (
	ContractLapsedError,
	MissingDetailsError,
	NotCoveredError,
	default_priority,
	details_from_text,
	find_coverage,
	normalise_contract_no,
	normalise_serial,
)

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_ticket.hezo_ticket import HEZOTicket


class StatusFlowError(frappe.ValidationError):
	http_status_code = 409


class VerificationIncompleteError(frappe.ValidationError):
	http_status_code = 422


def validate(ticket: HEZOTicket) -> None:
	at = now()
	ticket.serial_no = normalise_serial(ticket.serial_no) or None
	ticket.contract_no = normalise_contract_no(ticket.contract_no) or None
	if not ticket.reported_at:
		ticket.reported_at = stored(at)
	if ticket.is_new() and ticket.flags.ignore_mandatory and ticket.reporter_email and not ticket.serial_no:
		# Frappe's e-mail intake (Email Account "append to") creates the ticket this way, body later
		ticket.channel = "E-mail"
	if not ticket.clock_started_at:
		intake(ticket, at)
	else:
		check_priority(ticket)
	previous = ticket.get_doc_before_save()
	if previous and previous.status != ticket.status:
		move(ticket, previous.status, at)
	clock_service.apply(ticket, at)
	ticket_messages.queue_later_delivery(ticket)


def intake(ticket: HEZOTicket, at) -> None:
	"""Accept the ticket (clocks start) once serial and contract match a covering contract."""
	if ticket.channel == "E-mail" and not (ticket.serial_no and ticket.contract_no):
		serial, contract = details_from_text(f"{ticket.subject}\n{ticket.description}")
		ticket.serial_no = ticket.serial_no or normalise_serial(serial) or None
		ticket.contract_no = ticket.contract_no or normalise_contract_no(contract) or None
	reported = aware(ticket.reported_at)
	try:
		coverage = find_coverage(ticket.serial_no, ticket.contract_no, reported.date())
	except (MissingDetailsError, NotCoveredError) as error:
		if ticket.channel != "E-mail":
			raise
		frappe.clear_last_message()
		# an e-mail is never lost: it waits for the details, and the reporter is told what is missing
		ticket.status = "Awaiting Details"
		ticket.flags.awaiting_details_reason = str(error)
		if isinstance(error, ContractLapsedError):
			ticket.flags.lapsed = True
		ticket.flags.not_covered = isinstance(error, NotCoveredError)
		return
	ticket.customer, ticket.contract, ticket.device, ticket.plan = (
		coverage.customer,
		coverage.contract,
		coverage.device,
		coverage.plan,
	)
	if not ticket.priority:
		if ticket.channel != "E-mail":
			frappe.throw(_("Choose the ticket's priority."), MissingDetailsError)
		ticket.priority = default_priority(coverage.plan)
	check_priority(ticket)
	# complete in the first message: the clocks run from the report; completed later: from that moment
	complete_at_report = ticket.is_new() or ticket.flags.initial_message
	ticket.clock_started_at = ticket.reported_at if complete_at_report else stored(at)
	ticket.status = status_when_complete(ticket.status)


def check_priority(ticket: HEZOTicket) -> None:
	plan = get_catalogue().plan(ticket.plan)
	try:
		ticket.priority = plan.priority(ticket.priority or "").name
	except CatalogueError:
		frappe.throw(
			_("Priority {0} is not in the plan's scheme; choose one of: {1}.").format(
				ticket.priority, ", ".join(plan.priorities)
			)
		)


def move(ticket: HEZOTicket, old: str, at) -> None:
	new = ticket.status
	effects = move_effects(old, new, aware(ticket.validity_confirmed_at), aware(ticket.delivered_at))
	if effects is None:
		frappe.throw(_("A ticket cannot go from {0} to {1}.").format(_(old), _(new)), StatusFlowError)
	ticket_messages.queue(ticket, *effects.messages)
	if effects.confirm_validity:
		confirm_validity(ticket, at)
	if effects.resume_pauses:
		for row in ticket.pauses:
			if not row.resumed_at:
				row.resumed_at = stored(at)
	if effects.pause_delivery:
		ticket.append(
			"pauses", {"clock": "delivery", "paused_at": stored(at), "reason": _("Awaiting customer")}
		)
	if effects.resolved:
		ticket.resolved_at = stored(at)
	if effects.closed:
		ticket.closed_at = stored(at)
	if effects.reopened:
		ticket.resolved_at = None


def after_insert(ticket: HEZOTicket) -> None:
	# the reporter hears the intake's outcome once the ticket is saved (ticket_messages.on_saved)
	ticket_messages.queue_intake(ticket)


def confirm_validity(ticket: HEZOTicket, at) -> None:
	"""Verification ends in "validity confirmed", which starts delivery. It needs the technical
	interview and service tests or device logs (seed 004, CoCare: diagnosis before a replacement)."""
	if not verification_complete(ticket.interview_done, ticket.tests_done, ticket.logs_received):
		frappe.throw(
			_(
				"Verification is not complete: record the technical interview and the service tests "
				"or device logs before confirming validity."
			),
			VerificationIncompleteError,
		)
	ticket.validity_confirmed_at = stored(at)
	ticket.validity_confirmed_by = frappe.session.user


def audit(ticket: HEZOTicket) -> None:
	"""One HEZO SLA Event per clock change: started, due time changed, met, breached, paused."""
	previous = ticket.get_doc_before_save()
	at = stored(now())
	for clock in clock_service.CLOCKS:
		old_due = previous.get(f"{clock}_due") if previous else None
		new_due = ticket.get(f"{clock}_due")
		old_state = previous.get(f"{clock}_state") if previous else ""
		new_state = ticket.get(f"{clock}_state")
		events = []
		if new_state and not old_state:
			events.append("Started")
		elif str(old_due or "") != str(new_due or "") and new_due:
			events.append("Due changed")
		if new_state != old_state and new_state in ("Met", "Breached", "Paused"):
			events.append(new_state)
		if old_state == "Paused" and new_state == "Running":
			events.append("Resumed")
		for event in events:
			record_event(ticket.name, clock, event, at, old_due, new_due)


def record_event(ticket: str, clock: str, event: str, at, due_before=None, due_after=None, note=None) -> None:
	frappe.get_doc(
		{
			"doctype": "HEZO SLA Event",
			"ticket": ticket,
			"clock": clock,
			"event": event,
			"at": at,
			"due_before": due_before,
			"due_after": due_after,
			"user": frappe.session.user,
			"note": note,
		}
	).db_insert()
