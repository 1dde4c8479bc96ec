"""A ticket's whole clock policy as one pure call: from the ticket's facts (times, pauses, status),
its plan's clock rules and the settings as values, `evaluate` returns each clock's due time and
state, the SLA state (at risk or not), the escalation thresholds and which of them are reached, the
next instant worth checking and the allowed status moves.

Recomputing from the facts every time keeps the stored values honest whoever saved the ticket last.
Escalation levels are thresholds on the same clocks (a share of the window time used, or minutes
after the due time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from hezo_service.core.sla.catalogue import ClockRules
from hezo_service.core.sla.clocks import Pause, due_after, window_elapsed
from hezo_service.core.tickets.flow import STOPPED_STATUSES, allowed_moves

CLOCKS = ("response", "follow_up", "delivery")
# the ticket's stored clock columns: each clock's due time and state, then the ticket's SLA state
CLOCK_COLUMNS = tuple(column for clock in CLOCKS for column in (f"{clock}_due", f"{clock}_state"))
SUMMARY_COLUMNS = (*CLOCK_COLUMNS, "delivery_kind", "sla_state")  # what the desk and API show
COMPUTED_COLUMNS = (*CLOCK_COLUMNS, "sla_state", "next_check_at", "escalation_level")  # the sweep writes
SLA_STATES = ("On track", "At risk", "Breached", "Met", "Paused")
SHARE = "share"  # a level at a share of the window time used
AFTER_DUE = "after_due"  # a level some minutes after the due time


def _ts(instant: datetime) -> float:
	# one zone's datetimes compare by wall clock, ignoring `fold`: compare instants as timestamps
	return instant.timestamp()


@dataclass(frozen=True)
class EscalationLevel:
	level: int
	trigger: str  # SHARE (value: 0..1 of the window time) or AFTER_DUE (value: minutes)
	value: float
	notify: str
	clock: str = "any"  # "any" or one of CLOCKS


@dataclass(frozen=True)
class Settings:
	"""The settings the policy needs, read once by the caller (never during the computation)."""

	at_risk_share: float = 0.75
	levels: tuple[EscalationLevel, ...] = ()


@dataclass(frozen=True)
class TicketFacts:
	status: str
	clock_started: datetime | None = None
	first_response: datetime | None = None
	last_customer_message: datetime | None = None
	last_reply: datetime | None = None
	confirmed: datetime | None = None
	agreed_delivery: datetime | None = None
	delivered: datetime | None = None
	pauses: Mapping[str, tuple[Pause, ...]] = field(default_factory=dict)
	sent: frozenset[str] = frozenset()  # keys ("clock:level") of the levels already sent


@dataclass(frozen=True)
class Clock:
	name: str
	start: datetime | None = None
	due: datetime | None = None
	met_at: datetime | None = None
	state: str = ""  # "", Running, Paused, Met, Breached
	at_risk_at: datetime | None = None  # when the at-risk share of its window time is used

	@property
	def running(self) -> bool:
		"""Still to be met and with a due time: escalation thresholds apply."""
		return self.state in ("Running", "Breached") and self.met_at is None and self.due is not None


@dataclass(frozen=True)
class Threshold:
	clock: str
	level: int
	at: datetime
	notify: str

	@property
	def key(self) -> str:
		return f"{self.clock}:{self.level}"


@dataclass(frozen=True)
class Policy:
	at: datetime
	clocks: tuple[Clock, ...]
	delivery_kind: str | None
	sla_state: str
	thresholds: tuple[Threshold, ...]  # every threshold of the clocks still to be met, by instant
	sent: frozenset[str]
	stopped: bool
	allowed_moves: frozenset[str]

	def clock(self, name: str) -> Clock:
		return next(c for c in self.clocks if c.name == name)

	@property
	def at_risk(self) -> bool:
		return self.sla_state == "At risk"

	@property
	def reached(self) -> tuple[Threshold, ...]:
		"""Thresholds come and not sent yet: the levels to send now."""
		return tuple(t for t in self.thresholds if _ts(t.at) <= _ts(self.at) and t.key not in self.sent)

	def escalation_level(self, also_sent: Iterable[str] = ()) -> int:
		"""The highest automatic level sent (`also_sent`: levels being sent now)."""
		keys = self.sent | frozenset(also_sent)
		return max((int(k.rsplit(":", 1)[1]) for k in keys), default=0)

	def next_check(self, also_sent: Iterable[str] = ()) -> datetime | None:
		"""The earliest instant after which something changes: a level not sent comes due (one already
		due counts, so the sweep takes it at once), the ticket turns at risk, or a clock runs out
		(also a paused one whose due time a pause does not move).
		`also_sent`: levels being sent now (the sweep), which no longer count."""
		if self.stopped:
			return None
		sent = self.sent | frozenset(also_sent)
		candidates = [t.at for t in self.thresholds if t.key not in sent]
		for clock in self.clocks:
			# a paused clock with a due time (a next-business-day or agreed date) still breaches then
			if clock.state in ("Running", "Paused") and clock.due is not None:
				candidates.append(clock.due)
			if clock.state == "Running" and _ts(clock.at_risk_at) > _ts(self.at):
				candidates.append(clock.at_risk_at)
		return min(candidates, key=_ts) if candidates else None

	@property
	def next_check_at(self) -> datetime | None:
		return self.next_check()


def _state(start, due, met_at, paused: bool, stopped: bool, at: datetime) -> str:
	if start is None:
		return ""
	if met_at is not None:
		return "Met" if due is None or _ts(met_at) <= _ts(due) else "Breached"
	if due is not None and _ts(at) > _ts(due):
		return "Breached"
	if stopped:
		return ""
	return "Paused" if paused else "Running"


def _share_used_at(
	rules: ClockRules, start, due, target: int | None, share: float, pauses
) -> datetime | None:
	"""When `share` of the clock's window time is used (paused time not counting)."""
	if target is None:
		return None
	if share >= 1:
		return due
	instant = due_after(rules.window, start, target * share, pauses)
	# never after the due time (an agreed delivery date may lie before the clock's start)
	return due if instant is None or _ts(instant) > _ts(due) else instant


def evaluate(facts: TicketFacts, rules: ClockRules | None, settings: Settings, at: datetime) -> Policy:
	"""Every clock of the ticket as of `at`, with its SLA state, thresholds and next check.
	`rules` is None while the ticket has no plan, priority or start: no clock runs."""
	stopped = facts.status in STOPPED_STATUSES
	moves = allowed_moves(facts.status)
	if rules is None or facts.clock_started is None:
		clocks = tuple(Clock(name) for name in CLOCKS)
		return Policy(at, clocks, None, "", (), facts.sent, stopped, moves)

	starts: dict[str, tuple[datetime | None, datetime | None, datetime | None]] = {}  # start, due, met
	pauses = {name: tuple(facts.pauses.get(name, ())) for name in CLOCKS}
	started = facts.clock_started
	starts["response"] = (started, rules.response_due(started, pauses["response"]), facts.first_response)
	wrote, replied = facts.last_customer_message, facts.last_reply
	if wrote is not None and rules.terms.follow_up_seconds:
		met = replied if replied is not None and _ts(replied) >= _ts(wrote) else None
		starts["follow_up"] = (wrote, rules.follow_up_due(wrote, pauses["follow_up"]), met)
	if facts.confirmed is not None and rules.delivery_kind:
		due = rules.delivery_due(facts.confirmed, facts.agreed_delivery, pauses["delivery"])
		starts["delivery"] = (facts.confirmed, due, facts.delivered)

	clocks = []
	thresholds: list[Threshold] = []
	for name in CLOCKS:
		start, due, met_at = starts.get(name, (None, None, None))
		# paused: by an open pause before it ran out (no due time), or by one that has begun
		paused = any(p.end is None and (due is None or _ts(p.start) <= _ts(at)) for p in pauses[name])
		state = _state(start, due, met_at, paused, stopped, at)
		target = window_elapsed(rules.window, start, due, pauses[name]) if start and due else None
		risk = _share_used_at(rules, start, due, target, settings.at_risk_share, pauses[name])
		clock = Clock(name, start, due, met_at, state, risk)
		clocks.append(clock)
		if not clock.running:
			continue
		for level in settings.levels:
			if level.clock not in ("any", name):
				continue
			if level.trigger == SHARE:
				instant = _share_used_at(rules, start, due, target, level.value, pauses[name])
			else:
				# real minutes: adding to a local datetime would move the wall clock across a DST change
				instant = (due.astimezone(timezone.utc) + timedelta(minutes=level.value)).astimezone(
					due.tzinfo
				)
			thresholds.append(Threshold(name, level.level, instant, level.notify))
	thresholds.sort(key=lambda t: (_ts(t.at), t.level))
	return Policy(
		at,
		tuple(clocks),
		rules.delivery_kind,
		_sla_state(clocks, at),
		tuple(thresholds),
		facts.sent,
		stopped,
		moves,
	)


def _sla_state(clocks: list[Clock], at: datetime) -> str:
	states = [c.state for c in clocks if c.state]
	if not states:
		return ""
	if "Breached" in states:
		return "Breached"
	for clock in clocks:
		if clock.state == "Running" and clock.at_risk_at is not None and _ts(at) >= _ts(clock.at_risk_at):
			return "At risk"
	if "Running" in states:
		return "On track"
	if "Paused" in states:
		return "Paused"
	return "Met"
