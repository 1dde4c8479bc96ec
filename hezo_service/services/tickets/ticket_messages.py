"""The customer messages a ticket's save decided (intake, status moves, a later delivery date), sent
once the ticket is saved, so that each message shows what was stored. A ticket made from an e-mail
holds them until its Communication exists, so the answer threads under the customer's mail."""

from __future__ import annotations

from hezo_service.core import messages
from hezo_service.services.common import customer_messages


def queue(ticket, *events: str) -> None:
	ticket.flags.customer_messages = [*(ticket.flags.customer_messages or []), *events]


def refusal(ticket) -> str | None:
	"""Why intake left the ticket waiting (ticket_flow.intake's flags)."""
	if ticket.flags.lapsed:
		return "lapsed"
	if ticket.flags.not_covered:
		return "not_covered"
	return None


def queue_intake(ticket) -> None:
	queue(ticket, *messages.intake_messages(ticket.status, refusal(ticket)))


def on_saved(ticket) -> None:
	if ticket.flags.hold_messages:
		return
	send_held(ticket)


def send_held(ticket) -> None:
	events = list(dict.fromkeys(ticket.flags.customer_messages or []))
	ticket.flags.customer_messages = []
	ticket.flags.hold_messages = False
	for event in events:
		customer_messages.send(ticket.name, event, **context(ticket, event))


def context(ticket, event: str) -> dict:
	if event in (messages.AWAITING_DETAILS, messages.NOT_COVERED, messages.CONTRACT_LAPSED):
		return {"reason": ticket.flags.awaiting_details_reason or ""}
	return {}


def later_delivery_changed(ticket) -> bool:
	previous = ticket.get_doc_before_save()
	return bool(
		ticket.agreed_delivery_at
		and (previous is None or str(previous.agreed_delivery_at or "") != str(ticket.agreed_delivery_at))
	)


def queue_later_delivery(ticket) -> None:
	if later_delivery_changed(ticket):
		queue(ticket, messages.LATER_DELIVERY_ACCEPTED)
