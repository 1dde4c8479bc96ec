"""Maps a HEZO Ticket to the pure clock policy (`hezo_service.core.tickets.policy`) and the result back onto
the ticket's computed fields. Nothing here decides anything: the policy does, once per change."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import frappe

from hezo_service.core.sla.clocks import Pause
from hezo_service.core.tickets.flow import OPEN_STATUSES, STOPPED_STATUSES
from hezo_service.core.tickets.policy import (
	AFTER_DUE,
	CLOCKS,
	SHARE,
	EscalationLevel,
	Policy,
	Settings,
	Threshold,
	TicketFacts,
	evaluate,
)
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.contracts.catalogue import rules_for

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_ticket.hezo_ticket import HEZOTicket

__all__ = ["CLOCKS", "OPEN_STATUSES", "STOPPED_STATUSES", "Policy", "Threshold", "apply", "compute"]

TRIGGERS = {"Share of time used": SHARE, "After the due time": AFTER_DUE}


def policy_settings() -> Settings:
	"""HEZO Settings as the policy's values (read once per evaluation, before it)."""
	config = frappe.get_cached_doc("HEZO Settings")
	levels = tuple(
		EscalationLevel(
			level=int(row.level),
			trigger=TRIGGERS.get(row.trigger, AFTER_DUE),
			# a share is configured in percent, a delay in minutes
			value=float(row.value or 0) / (100 if row.trigger == "Share of time used" else 1),
			notify=row.notify,
			clock=row.clock or "any",
		)
		for row in config.get("escalation_levels") or ()
	)
	return Settings(at_risk_share=float(config.at_risk_percent or 75) / 100, levels=levels)


def facts_of(ticket: HEZOTicket, sent: set[str] | frozenset[str] = frozenset()) -> TicketFacts:
	pauses: dict[str, list[Pause]] = {c: [] for c in CLOCKS}
	for row in ticket.get("pauses") or ():
		pauses.setdefault(row.clock, []).append(Pause(aware(row.paused_at), aware(row.resumed_at)))
	return TicketFacts(
		status=ticket.status,
		clock_started=aware(ticket.clock_started_at),
		first_response=aware(ticket.first_response_at),
		last_customer_message=aware(ticket.last_customer_message_at),
		last_reply=aware(ticket.last_reply_at),
		confirmed=aware(ticket.validity_confirmed_at),
		agreed_delivery=aware(ticket.agreed_delivery_at),
		delivered=aware(ticket.delivered_at),
		pauses={c: tuple(p) for c, p in pauses.items()},
		sent=frozenset(sent),
	)


def compute(ticket: HEZOTicket, at: datetime | None = None, sent: set[str] | None = None) -> Policy:
	"""The ticket's clock policy as of `at` (now by default); `sent`: the levels already sent (read
	from the ticket's escalations when not given)."""
	if sent is None:
		sent = sent_escalations(ticket.name) if ticket.name and not ticket.is_new() else set()
	rules = rules_for(ticket.plan, ticket.priority) if ticket.plan and ticket.priority else None
	return evaluate(facts_of(ticket, sent), rules, policy_settings(), at or now())


def write(ticket: HEZOTicket, policy: Policy, also_sent: set[str] | frozenset[str] = frozenset()) -> None:
	"""The policy's result onto the ticket's computed fields."""
	for clock in policy.clocks:
		ticket.set(f"{clock.name}_due", stored(clock.due))
		ticket.set(f"{clock.name}_state", clock.state)
	ticket.delivery_kind = policy.delivery_kind
	ticket.sla_state = policy.sla_state
	ticket.next_check_at = stored(policy.next_check(also_sent))


def apply(ticket: HEZOTicket, at: datetime | None = None, sent: set[str] | None = None) -> Policy:
	"""Compute the policy and write it onto the ticket."""
	policy = compute(ticket, at, sent)
	write(ticket, policy)
	return policy


def sent_escalations(ticket: str) -> set[str]:
	rows = frappe.get_all(
		"HEZO Escalation", filters={"ticket": ticket, "kind": "Automatic"}, fields=["clock", "level"]
	)
	return {f"{r.clock}:{r.level}" for r in rows}
