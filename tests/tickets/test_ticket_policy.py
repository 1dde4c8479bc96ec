"""The ticket's clock policy (hezo_service.core.tickets.policy): named cases and hypothesis properties over
every plan and priority of the shipped catalogue."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import WARSAW, plus

from hezo_service.core.sla import shipped_catalogue
from hezo_service.core.sla.clocks import Pause
from hezo_service.core.tickets.flow import OPEN_STATUSES, STATUSES, STOPPED_STATUSES
from hezo_service.core.tickets.policy import (
	AFTER_DUE,
	CLOCKS,
	SHARE,
	EscalationLevel,
	Policy,
	Settings,
	TicketFacts,
	evaluate,
)

CATALOGUE = shipped_catalogue()
RULES = [(code, priority) for code, plan in sorted(CATALOGUE.plans.items()) for priority in plan.priorities]
LEVELS = (
	EscalationLevel(1, SHARE, 0.75, "Assignee"),
	EscalationLevel(2, AFTER_DUE, 0, "Team lead"),
	EscalationLevel(3, AFTER_DUE, 60, "Manager and escalation mailbox"),
)
SETTINGS = Settings(at_risk_share=0.75, levels=LEVELS)
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WARSAW)  # a business day, 9:00


def rules(plan: str = "HEZO-PLUS", priority: str = "Critical"):
	return CATALOGUE.rules(plan, priority)


def states(policy: Policy) -> dict[str, str]:
	return {c.name: c.state for c in policy.clocks}


# -- named cases ----------------------------------------------------------------------------------


def test_no_plan_or_start_runs_no_clock():
	policy = evaluate(TicketFacts("Awaiting Details"), None, SETTINGS, MONDAY)
	assert states(policy) == {"response": "", "follow_up": "", "delivery": ""}
	assert policy.sla_state == "" and policy.next_check_at is None and policy.thresholds == ()
	assert policy.allowed_moves == {"New", "Closed"}
	unstarted = evaluate(TicketFacts("New"), rules(), SETTINGS, MONDAY)
	assert unstarted.delivery_kind is None and unstarted.clock("response").due is None


def test_response_runs_turns_at_risk_and_breaches_with_levels():
	facts = TicketFacts("New", clock_started=MONDAY)
	fresh = evaluate(facts, rules(), SETTINGS, MONDAY)
	response = fresh.clock("response")
	assert response.state == "Running" and response.due > MONDAY
	assert fresh.sla_state == "On track" and not fresh.at_risk
	assert fresh.delivery_kind == "hours"
	level_1 = fresh.thresholds[0]
	assert (level_1.key, level_1.at) == ("response:1", response.at_risk_at)
	assert fresh.next_check_at == response.at_risk_at  # the earliest instant ahead
	risky = evaluate(facts, rules(), SETTINGS, response.at_risk_at)
	assert risky.sla_state == "At risk" and risky.at_risk
	assert [t.key for t in risky.reached] == ["response:1"]
	assert risky.next_check() == response.at_risk_at  # a level not sent yet: check at once
	assert risky.next_check({"response:1"}) == response.due
	late = evaluate(facts, rules(), SETTINGS, response.due + timedelta(minutes=61))
	assert late.sla_state == "Breached" and late.clock("response").state == "Breached"
	assert [t.key for t in late.reached] == ["response:1", "response:2", "response:3"]
	assert late.escalation_level() == 0 and late.escalation_level({"response:2"}) == 2


def test_met_follow_up_and_paused_delivery():
	confirmed = MONDAY + timedelta(hours=2)
	facts = TicketFacts(
		"Awaiting Customer",
		clock_started=MONDAY,
		first_response=MONDAY + timedelta(minutes=10),
		last_customer_message=MONDAY + timedelta(minutes=20),
		last_reply=MONDAY + timedelta(minutes=30),
		confirmed=confirmed,
		pauses={"delivery": (Pause(confirmed + timedelta(minutes=5)),)},
	)
	policy = evaluate(facts, rules(), SETTINGS, confirmed + timedelta(hours=1))
	assert states(policy) == {"response": "Met", "follow_up": "Met", "delivery": "Paused"}
	assert policy.clock("delivery").due is None  # paused before it ran out: no due time
	assert policy.sla_state == "Paused" and policy.next_check_at is None


def test_late_reply_breaches_and_an_agreed_date_replaces_delivery():
	facts = TicketFacts(
		"Confirmed",
		clock_started=MONDAY,
		first_response=MONDAY + timedelta(days=3),
		confirmed=MONDAY + timedelta(hours=1),
		agreed_delivery=MONDAY + timedelta(days=10),
	)
	policy = evaluate(facts, rules(), SETTINGS, MONDAY + timedelta(days=4))
	assert policy.clock("response").state == "Breached"
	assert policy.clock("delivery").due == MONDAY + timedelta(days=10)
	assert policy.sla_state == "Breached"


def test_resolved_ticket_stops_its_clocks_and_checks():
	facts = TicketFacts("Resolved", clock_started=MONDAY, first_response=MONDAY + timedelta(minutes=5))
	policy = evaluate(facts, rules(), SETTINGS, MONDAY + timedelta(hours=1))
	assert policy.sla_state == "Met" and policy.next_check_at is None and policy.stopped
	assert policy.allowed_moves == {"In Progress", "Closed"}
	unanswered = evaluate(TicketFacts("Closed", clock_started=MONDAY), rules(), SETTINGS, MONDAY)
	assert unanswered.clock("response").state == "" and unanswered.allowed_moves == frozenset()


def test_levels_per_clock_and_a_full_share():
	levels = (
		EscalationLevel(1, SHARE, 1.0, "Assignee", clock="response"),
		EscalationLevel(2, SHARE, 0.5, "Team lead", clock="delivery"),
	)
	facts = TicketFacts("New", clock_started=MONDAY)
	policy = evaluate(facts, rules(), Settings(at_risk_share=1.0, levels=levels), MONDAY)
	assert [(t.key, t.at) for t in policy.thresholds] == [("response:1", policy.clock("response").due)]
	assert policy.clock("response").at_risk_at == policy.clock("response").due


def test_minutes_after_the_due_time_are_real_minutes_across_a_dst_change():
	# 24x7, 1 h response: started 01:30 on the night clocks go back, due in the repeated hour
	started = datetime(2026, 10, 25, 1, 30, tzinfo=WARSAW)
	policy = evaluate(
		TicketFacts("New", clock_started=started), rules("HEZO-PLUS", "Critical"), SETTINGS, started
	)
	response = policy.clock("response")
	after_due = {t.level: t.at for t in policy.thresholds}
	assert response.due.timestamp() - started.timestamp() == 3600
	assert after_due[3].timestamp() - response.due.timestamp() == 3600
	assert after_due[2].timestamp() == response.due.timestamp()


def test_nbd_delivery_has_no_window_share():
	facts = TicketFacts("Confirmed", clock_started=MONDAY, confirmed=MONDAY + timedelta(hours=1))
	policy = evaluate(facts, rules("QSP-SOS-8X5-NBD", "Critical"), SETTINGS, MONDAY + timedelta(hours=2))
	delivery = policy.clock("delivery")
	assert policy.delivery_kind == "nbd" and delivery.due.date() == (MONDAY + timedelta(days=1)).date()
	assert delivery.at_risk_at is not None and delivery.at_risk_at <= delivery.due


def test_a_clock_without_a_target_does_not_start():
	# QSP plans set no follow-up target: a customer message starts nothing
	facts = TicketFacts("In Progress", clock_started=MONDAY, last_customer_message=MONDAY)
	policy = evaluate(facts, rules("QSP-SOS-8X5-NBD", "Critical"), SETTINGS, MONDAY)
	assert policy.clock("follow_up").state == "" and policy.clock("follow_up").due is None


# -- properties -----------------------------------------------------------------------------------

starts = st.integers(0, 3 * 365 * 86400).map(lambda s: plus(datetime(2026, 1, 1, tzinfo=WARSAW), s))
settings_values = st.builds(
	Settings,
	at_risk_share=st.floats(0.05, 1.0),
	levels=st.lists(
		st.one_of(
			st.builds(
				EscalationLevel,
				level=st.integers(1, 5),
				trigger=st.just(SHARE),
				value=st.floats(0.05, 1.0),
				notify=st.just("Assignee"),
				clock=st.sampled_from(("any", *CLOCKS)),
			),
			st.builds(
				EscalationLevel,
				level=st.integers(1, 5),
				trigger=st.just(AFTER_DUE),
				value=st.integers(0, 600),
				notify=st.just("Team lead"),
				clock=st.sampled_from(("any", *CLOCKS)),
			),
		),
		max_size=4,
	).map(tuple),
)


@st.composite
def pauses_until(draw, start: datetime, span: int) -> tuple[Pause, ...]:
	"""Pauses begun by `span` seconds after `start` (the facts as known then)."""
	result = []
	for _ in range(draw(st.integers(0, 2))):
		begins = draw(st.integers(0, span))
		if draw(st.integers(0, 5)) == 0:
			result.append(Pause(plus(start, begins)))
		else:
			result.append(Pause(plus(start, begins), plus(start, draw(st.integers(begins, span)))))
	return tuple(result)


@st.composite
def tickets(draw):
	"""(facts, rules, settings, at) for a random ticket of any plan and priority, with every fact
	(reply, message, confirmation, pause...) happened by `at`."""
	plan, priority = draw(st.sampled_from(RULES))
	start = draw(starts)
	span = draw(st.integers(0, 40 * 86400))

	def happened():
		return None if draw(st.booleans()) else plus(start, draw(st.integers(0, span)))

	facts = TicketFacts(
		status=draw(st.sampled_from(STATUSES[1:])),
		clock_started=start,
		first_response=happened(),
		last_customer_message=happened(),
		last_reply=happened(),
		confirmed=happened(),
		# an accepted later date lies ahead of when it was accepted
		agreed_delivery=plus(start, span + draw(st.integers(1, 20 * 86400))) if draw(st.booleans()) else None,
		delivered=happened(),
		pauses={name: draw(pauses_until(start, span)) for name in CLOCKS},
		sent=frozenset(draw(st.sets(st.sampled_from([f"{c}:{n}" for c in CLOCKS for n in range(1, 6)])))),
	)
	return facts, CATALOGUE.rules(plan, priority), draw(settings_values), plus(start, span)


@given(tickets())
def test_a_clock_is_never_breached_before_its_due_time(ticket):
	facts, clock_rules, settings, at = ticket
	for clock in evaluate(facts, clock_rules, settings, at).clocks:
		if clock.state == "Breached":
			settled = clock.met_at if clock.met_at is not None else at
			assert clock.due is not None and settled.timestamp() > clock.due.timestamp()


@given(tickets())
def test_at_risk_comes_before_breach(ticket):
	facts, clock_rules, settings, at = ticket
	policy = evaluate(facts, clock_rules, settings, at)
	for clock in policy.clocks:
		if clock.at_risk_at is not None:
			assert clock.at_risk_at.timestamp() <= clock.due.timestamp()
		if clock.state == "Running":
			# at its due time a clock is at risk, not yet breached; a second later it is breached
			at_due = evaluate(facts, clock_rules, settings, clock.due)
			assert at_due.clock(clock.name).state == "Running"
			assert at_due.sla_state in ("At risk", "Breached")
			after = evaluate(facts, clock_rules, settings, plus(clock.due, 1))
			assert after.clock(clock.name).state == "Breached" and after.sla_state == "Breached"


@given(tickets(), st.floats(0.01, 0.99))
def test_the_next_check_is_the_earliest_threshold_still_ahead(ticket, fraction):
	facts, clock_rules, settings, at = ticket
	policy = evaluate(facts, clock_rules, settings, at)
	sent_now = {t.key for t in policy.reached}  # what the sweep sends at `at`
	upcoming = policy.next_check(sent_now)
	later_facts = TicketFacts(**{**facts.__dict__, "sent": facts.sent | sent_now})
	if upcoming is None:
		assert facts.status in STOPPED_STATUSES or not any(c.state == "Running" for c in policy.clocks)
		if facts.status in OPEN_STATUSES:
			# nothing is ever to be checked again: nothing changes, however late
			much_later = evaluate(later_facts, clock_rules, settings, plus(at, 400 * 86400))
			assert much_later.reached == () and states(much_later) == states(policy)
		return
	assert upcoming.timestamp() >= at.timestamp()
	# no threshold, at-risk instant or due time lies between now and the next check: nothing changes
	between = plus(at, int((upcoming.timestamp() - at.timestamp()) * fraction))
	if between.timestamp() < upcoming.timestamp():
		meanwhile = evaluate(later_facts, clock_rules, settings, between)
		assert meanwhile.reached == ()
		assert states(meanwhile) == states(policy) and meanwhile.sla_state == policy.sla_state
	# and the next check is one of them
	instants = {t.at.timestamp() for t in policy.thresholds if t.key not in later_facts.sent}
	for clock in policy.clocks:
		if clock.state in ("Running", "Paused") and clock.due is not None:
			instants |= {clock.due.timestamp()}
		if clock.state == "Running":
			instants |= {clock.at_risk_at.timestamp()}
	assert upcoming.timestamp() in instants


@given(tickets(), st.sampled_from(CLOCKS), st.integers(-86400, 20 * 86400), st.integers(0, 5 * 86400))
def test_a_pause_never_moves_a_due_time_earlier(ticket, name, begins, lasts):
	facts, clock_rules, settings, at = ticket
	before = evaluate(facts, clock_rules, settings, at).clock(name)
	extra = Pause(plus(facts.clock_started, begins), plus(facts.clock_started, begins + lasts))
	paused = TicketFacts(**{**facts.__dict__, "pauses": {**facts.pauses, name: (*facts.pauses[name], extra)}})
	after = evaluate(paused, clock_rules, settings, at).clock(name)
	if before.due is not None and after.due is not None:
		assert after.due.timestamp() >= before.due.timestamp()
	if before.due is None:
		assert after.due is None  # a clock paused for good stays paused


@pytest.mark.parametrize("plan, priority", RULES)
def test_every_plan_and_priority_gives_a_response_due_time(plan, priority):
	policy = evaluate(TicketFacts("New", clock_started=MONDAY), rules(plan, priority), SETTINGS, MONDAY)
	assert policy.clock("response").due.timestamp() > MONDAY.timestamp()
