"""The messages the desk sends a customer, as named events. Pure steps return the events among their
effects; one service (services/common/customer_messages.py) renders each event's editable template and
queues it. The template of an event is the Email Template record of that name."""

from __future__ import annotations

TICKET_RECEIVED = "ticket_received"  # number, plan, response due
AWAITING_DETAILS = "awaiting_details"  # the serial and contract number are missing
NOT_COVERED = "not_covered"  # unknown serial or contract, or the device is not on it
CONTRACT_LAPSED = "contract_lapsed"  # covered once: reactivation possible
VALIDITY_CONFIRMED = "validity_confirmed"  # delivery due
REPLACEMENT_SHIPPED = "replacement_shipped"  # carrier, waybill
DELIVERED = "delivered"
RETURN_INSTRUCTIONS = "return_instructions"  # waybill, address, due date (the 7-day clock)
RETURN_REMINDER = "return_reminder"  # before and after the return's due day
LATER_DELIVERY_ACCEPTED = "later_delivery_accepted"
TICKET_RESOLVED = "ticket_resolved"
ESCALATION_RECEIVED = "escalation_received"
ATTACHMENTS_REFUSED = "attachments_refused"  # too large or of a refused type: the message itself is kept

TEMPLATES = {
	TICKET_RECEIVED: "HEZO: Ticket received",
	AWAITING_DETAILS: "HEZO: Ticket details needed",
	NOT_COVERED: "HEZO: Device not covered",
	CONTRACT_LAPSED: "HEZO: Contract lapsed",
	VALIDITY_CONFIRMED: "HEZO: Validity confirmed",
	REPLACEMENT_SHIPPED: "HEZO: Replacement shipped",
	DELIVERED: "HEZO: Replacement delivered",
	RETURN_INSTRUCTIONS: "HEZO: Return instructions",
	RETURN_REMINDER: "HEZO: Return reminder",
	LATER_DELIVERY_ACCEPTED: "HEZO: Later delivery date accepted",
	TICKET_RESOLVED: "HEZO: Ticket resolved",
	ESCALATION_RECEIVED: "HEZO: Escalation received",
	ATTACHMENTS_REFUSED: "HEZO: Attachments refused",
}

# every event above goes to the ticket's reporter; staff notices (escalation levels, low stock,
# chargeable returns) are not customer messages
TO_CUSTOMER = frozenset(TEMPLATES)


def template_name(event: str) -> str:
	try:
		return TEMPLATES[event]
	except KeyError:
		raise ValueError(f"unknown customer message: {event}") from None


def languages(reporter_language: str | None, site_language: str | None) -> tuple[str, ...]:
	"""The reporter's language (else the site's) first, English beneath; English alone for English."""
	first = (reporter_language or site_language or "en").split("-")[0].lower()
	return ("en",) if first == "en" else (first, "en")


def intake_messages(status: str, refusal: str | None) -> tuple[str, ...]:
	"""What the reporter hears when a ticket is opened (or completed): accepted, or why it waits."""
	if status != "Awaiting Details":
		return (TICKET_RECEIVED,)
	if refusal == "lapsed":
		return (CONTRACT_LAPSED,)
	if refusal == "not_covered":
		return (NOT_COVERED,)
	return (AWAITING_DETAILS,)
