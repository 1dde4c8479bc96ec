"""The ticket status machine: which moves are allowed, what each move does to the ticket's facts,
and the moves a conversation makes (a reply, a customer message). Pure: services apply the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hezo_service.core.messages import TICKET_RECEIVED, TICKET_RESOLVED, VALIDITY_CONFIRMED

STATUSES = (
	"Awaiting Details",
	"New",
	"In Progress",
	"Awaiting Customer",
	"Verification",
	"Confirmed",
	"Resolved",
	"Closed",
)
STOPPED_STATUSES = ("Resolved", "Closed")
# how the desk's list shows each status and SLA state (Frappe's indicator colours)
STATUS_COLOURS = {
	"Awaiting Details": "yellow",
	"New": "red",
	"In Progress": "blue",
	"Awaiting Customer": "purple",
	"Verification": "cyan",
	"Confirmed": "blue",
	"Resolved": "green",
	"Closed": "gray",
}
SLA_COLOURS = {"On track": "green", "At risk": "orange", "Breached": "red", "Met": "blue", "Paused": "gray"}
OPEN_STATUSES = tuple(s for s in STATUSES if s not in STOPPED_STATUSES)
# while the desk waits for the customer (site access, a later date...), delivery does not run
PAUSING_STATUS = "Awaiting Customer"

ALLOWED = {
	"Awaiting Details": frozenset({"New", "Closed"}),
	"New": frozenset({"In Progress", "Awaiting Customer", "Verification", "Resolved", "Closed"}),
	"In Progress": frozenset({"Awaiting Customer", "Verification", "Confirmed", "Resolved", "Closed"}),
	"Awaiting Customer": frozenset({"In Progress", "Verification", "Confirmed", "Resolved", "Closed"}),
	"Verification": frozenset({"In Progress", "Awaiting Customer", "Confirmed", "Resolved", "Closed"}),
	"Confirmed": frozenset({"In Progress", "Awaiting Customer", "Resolved", "Closed"}),
	"Resolved": frozenset({"In Progress", "Closed"}),
	"Closed": frozenset(),
}


def allowed_moves(status: str) -> frozenset[str]:
	return ALLOWED.get(status, frozenset())


def can_move(old: str, new: str) -> bool:
	return old == new or new in allowed_moves(old)


@dataclass(frozen=True)
class MoveEffects:
	"""What a status move does besides changing the status."""

	confirm_validity: bool = False  # Confirmed for the first time: verification must be complete
	resume_pauses: bool = False  # leaving Awaiting Customer ends every open pause
	pause_delivery: bool = False  # entering Awaiting Customer pauses a running delivery clock
	resolved: bool = False  # stamp resolved_at
	closed: bool = False  # stamp closed_at
	reopened: bool = False  # Resolved -> In Progress clears resolved_at
	messages: tuple[str, ...] = ()  # customer messages (core/messages.py) to send once the move is saved


def move_effects(
	old: str, new: str, confirmed: datetime | None = None, delivered: datetime | None = None
) -> MoveEffects | None:
	"""The effects of moving `old` -> `new`; None when the move is not allowed."""
	if new not in allowed_moves(old):
		return None
	confirm_validity = new == "Confirmed" and confirmed is None
	messages = (
		(TICKET_RECEIVED,) * (old == "Awaiting Details" and new == "New")
		+ (VALIDITY_CONFIRMED,) * confirm_validity
		+ (TICKET_RESOLVED,) * (new == "Resolved")
	)
	return MoveEffects(
		confirm_validity=confirm_validity,
		resume_pauses=old == PAUSING_STATUS,
		pause_delivery=new == PAUSING_STATUS and confirmed is not None and delivered is None,
		resolved=new == "Resolved",
		closed=new == "Closed",
		reopened=old == "Resolved" and new == "In Progress",
		messages=messages,
	)


def verification_complete(interview_done: bool, tests_done: bool, logs_received: bool) -> bool:
	"""Validity is confirmed only after the technical interview and service tests or device logs."""
	return bool(interview_done and (tests_done or logs_received))


def status_after_reply(status: str) -> str:
	"""An engineer's first contact takes a new ticket in hand."""
	return "In Progress" if status == "New" else status


def status_after_customer_message(status: str) -> str:
	"""The customer answering ends the wait for them."""
	return "In Progress" if status == PAUSING_STATUS else status


def status_when_complete(status: str) -> str:
	"""A ticket that waited for its serial and contract number is accepted."""
	return "New" if status == "Awaiting Details" else status


def later_delivery_refusal(confirmed: datetime | None, proposed: datetime | None, at: datetime) -> str | None:
	"""Why a later delivery date cannot replace the computed one, or None when it can:
	"not_started" (validity not confirmed, so no delivery clock) or "not_future"."""
	if confirmed is None:
		return "not_started"
	if proposed is None or proposed.timestamp() <= at.timestamp():
		return "not_future"
	return None


# how long after its resolution the customer may still reopen a ticket itself (docs/decisions.md)
REOPEN_DAYS = 14
# what the customer may do with its own resolved ticket: the desk's own moves, nothing else
CUSTOMER_MOVES = {"close": "Closed", "reopen": "In Progress"}


def customer_move_refusal(
	action: str, status: str, resolved: datetime | None, at: datetime, reopen_days: int = REOPEN_DAYS
) -> str | None:
	"""Why the customer cannot close or reopen its ticket now ("unknown", "not_resolved", "too_late"),
	or None when it can: only a resolved ticket, and reopening only within `reopen_days` of its
	resolution. The move itself is then the desk's (`move_effects`)."""
	if action not in CUSTOMER_MOVES:
		return "unknown"
	if status != "Resolved":
		return "not_resolved"
	if action == "reopen" and (resolved is None or at > resolved + timedelta(days=reopen_days)):
		return "too_late"
	return None
