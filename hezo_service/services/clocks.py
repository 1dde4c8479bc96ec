"""The live clocks of a ticket: due times, states and the next instant worth checking, computed
from the ticket's own facts (when it started, replies, customer messages, confirmation, delivery,
pauses) through the pure core. Recomputing from the facts every time keeps the stored values honest
whoever saved the ticket last.

Escalation levels are thresholds on the same clocks (75 % of the time used, the due time, an hour
after it): `thresholds` lists them and `next_check_at` is the earliest still to come, which is what
the minute sweep selects on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import frappe

from hezo_service.services.catalogue import rules_for
from hezo_service.services.timezone import aware, now, stored
from hezo_service.sla.catalogue import ClockRules
from hezo_service.sla.clocks import Pause, due_after, window_elapsed

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_ticket.hezo_ticket import HEZOTicket

CLOCKS = ("response", "follow_up", "delivery")
OPEN_STATUSES = ("Awaiting Details", "New", "In Progress", "Awaiting Customer", "Verification", "Confirmed")
STOPPED_STATUSES = ("Resolved", "Closed")
# while the desk waits for the customer (site access, a later date...), delivery does not run
PAUSING_STATUS = "Awaiting Customer"


@dataclass
class Clock:
	name: str
	start: datetime | None = None
	due: datetime | None = None
	met_at: datetime | None = None
	paused: bool = False
	window_target: int | None = None  # window seconds from start to due (for shares of time used)
	state: str = ""

	def settle(self, at: datetime, stopped: bool) -> None:
		if self.start is None:
			self.state = ""
		# timestamps, not datetimes: one zone's datetimes compare by wall clock, ignoring `fold`
		elif self.met_at is not None:
			self.state = (
				"Met" if self.due is None or self.met_at.timestamp() <= self.due.timestamp() else "Breached"
			)
		elif self.due is not None and at.timestamp() > self.due.timestamp():
			self.state = "Breached"
		elif stopped:
			self.state = ""
		elif self.paused:
			self.state = "Paused"
		else:
			self.state = "Running"

	@property
	def running(self) -> bool:
		return self.state in ("Running", "Breached") and self.met_at is None and self.due is not None


@dataclass
class TicketClocks:
	response: Clock
	follow_up: Clock
	delivery: Clock
	rules: ClockRules | None
	pauses: dict[str, list[Pause]] = field(default_factory=dict)

	def __iter__(self):
		return iter((self.response, self.follow_up, self.delivery))


def pauses_of(ticket: HEZOTicket) -> dict[str, list[Pause]]:
	result: dict[str, list[Pause]] = {c: [] for c in CLOCKS}
	for row in ticket.get("pauses") or ():
		result.setdefault(row.clock, []).append(Pause(aware(row.paused_at), aware(row.resumed_at)))
	return result


def compute(ticket: HEZOTicket, at: datetime | None = None) -> TicketClocks:
	"""Every clock of the ticket as of `at` (now by default)."""
	at = at or now()
	response, follow_up, delivery = (Clock(name) for name in CLOCKS)
	started = aware(ticket.clock_started_at)
	if not (started and ticket.plan and ticket.priority):
		return TicketClocks(response, follow_up, delivery, None)
	rules = rules_for(ticket.plan, ticket.priority)
	pauses = pauses_of(ticket)
	stopped = ticket.status in STOPPED_STATUSES
	open_pause = {c: any(p.end is None for p in pauses[c]) for c in CLOCKS}

	response.start = started
	response.due = rules.response_due(started, pauses["response"])
	response.met_at = aware(ticket.first_response_at)
	response.paused = open_pause["response"]

	customer_wrote = aware(ticket.last_customer_message_at)
	if customer_wrote and rules.terms.follow_up_seconds:
		follow_up.start = customer_wrote
		follow_up.due = rules.follow_up_due(customer_wrote, pauses["follow_up"])
		replied = aware(ticket.last_reply_at)
		follow_up.met_at = replied if replied and replied >= customer_wrote else None
		follow_up.paused = open_pause["follow_up"]

	confirmed = aware(ticket.validity_confirmed_at)
	if confirmed and rules.delivery_kind:
		delivery.start = confirmed
		delivery.due = rules.delivery_due(confirmed, aware(ticket.agreed_delivery_at), pauses["delivery"])
		delivery.met_at = aware(ticket.delivered_at)
		delivery.paused = open_pause["delivery"]

	for clock in (response, follow_up, delivery):
		if clock.start and clock.due:
			clock.window_target = window_elapsed(rules.window, clock.start, clock.due, pauses[clock.name])
		clock.settle(at, stopped)
	return TicketClocks(response, follow_up, delivery, rules, pauses)


@dataclass(frozen=True)
class Threshold:
	clock: str
	level: int
	at: datetime
	notify: str

	@property
	def key(self) -> str:
		return f"{self.clock}:{self.level}"


def escalation_levels() -> list[dict]:
	return frappe.get_cached_doc("HEZO Settings").get("escalation_levels") or []


def thresholds(clocks: TicketClocks, levels: list | None = None) -> list[Threshold]:
	"""Every escalation threshold of the running clocks (sorted by instant)."""
	levels = escalation_levels() if levels is None else levels
	result = []
	for clock in clocks:
		if not clock.running:
			continue
		for level in levels:
			if level.clock not in ("any", clock.name):
				continue
			if level.trigger == "Share of time used":
				instant = share_used_at(clocks, clock, float(level.value or 0) / 100)
			else:
				instant = clock.due + timedelta(minutes=float(level.value or 0))
			if instant is not None:
				result.append(Threshold(clock.name, int(level.level), instant, level.notify))
	return sorted(result, key=lambda t: (t.at, t.level))


def share_used_at(clocks: TicketClocks, clock: Clock, share: float) -> datetime | None:
	"""When `share` of the clock's window time is used (paused time not counting)."""
	if clock.window_target is None or clocks.rules is None:
		return None
	if share >= 1:
		return clock.due
	return due_after(clocks.rules.window, clock.start, clock.window_target * share, clocks.pauses[clock.name])


def at_risk_share() -> float:
	return float(frappe.get_cached_doc("HEZO Settings").at_risk_percent or 75) / 100


def sla_state(clocks: TicketClocks, at: datetime) -> str:
	states = [c.state for c in clocks if c.state]
	if not states:
		return ""
	if "Breached" in states:
		return "Breached"
	share = at_risk_share()
	for clock in clocks:
		if clock.state == "Running":
			risk_at = share_used_at(clocks, clock, share)
			if risk_at is not None and at >= risk_at:
				return "At risk"
	if "Running" in states:
		return "On track"
	if "Paused" in states:
		return "Paused"
	return "Met"


def next_check_at(clocks: TicketClocks, at: datetime, sent: set[str]) -> datetime | None:
	"""The earliest instant after which something about the ticket changes: an escalation level not
	yet sent comes due, it turns at risk, or a clock runs out."""
	candidates = [t.at for t in thresholds(clocks) if t.key not in sent]
	share = at_risk_share()
	for clock in clocks:
		if clock.state == "Running":
			candidates.append(clock.due)
			risk_at = share_used_at(clocks, clock, share)
			if risk_at is not None and risk_at > at:
				candidates.append(risk_at)
	return min(candidates) if candidates else None


def apply(ticket: HEZOTicket, at: datetime | None = None, sent: set[str] | None = None) -> TicketClocks:
	"""Write the clocks onto the ticket's fields (due times, states, SLA state, next check)."""
	at = at or now()
	clocks = compute(ticket, at)
	for clock in clocks:
		ticket.set(f"{clock.name}_due", stored(clock.due))
		ticket.set(f"{clock.name}_state", clock.state)
	ticket.delivery_kind = clocks.rules.delivery_kind if clocks.rules else None
	ticket.sla_state = sla_state(clocks, at)
	if sent is None:
		sent = sent_escalations(ticket.name) if not ticket.is_new() else set()
	upcoming = next_check_at(clocks, at, sent) if ticket.status not in STOPPED_STATUSES else None
	ticket.next_check_at = stored(upcoming)
	return clocks


def sent_escalations(ticket: str) -> set[str]:
	rows = frappe.get_all(
		"HEZO Escalation", filters={"ticket": ticket, "kind": "Automatic"}, fields=["clock", "level"]
	)
	return {f"{r.clock}:{r.level}" for r in rows}
