"""The ticket status machine, the later-delivery rule and the coverage rule (pure core)."""

from __future__ import annotations

import ast
import pathlib
from datetime import date, datetime, timedelta, timezone

import pytest

import hezo_service.core.tickets
from hezo_service.core.contracts import COVERING_STATUSES, covers, in_force
from hezo_service.core.contracts.coverage import CONTRACT_STATUSES, NOT_COVERING_STATUSES
from hezo_service.core.messages import TICKET_RECEIVED, TICKET_RESOLVED, VALIDITY_CONFIRMED
from hezo_service.core.tickets import flow
from hezo_service.core.tickets.flow import (
	ALLOWED,
	OPEN_STATUSES,
	STATUSES,
	MoveEffects,
	can_move,
	later_delivery_refusal,
	move_effects,
	status_after_customer_message,
	status_after_reply,
	status_when_complete,
	verification_complete,
)

NOW = datetime(2026, 5, 4, 10, tzinfo=timezone.utc)


def test_every_status_has_its_moves_and_closed_is_final():
	assert set(ALLOWED) == set(STATUSES)
	assert all(new in STATUSES for moves in ALLOWED.values() for new in moves)
	assert ALLOWED["Closed"] == frozenset() and "Closed" not in OPEN_STATUSES
	assert can_move("New", "New") and can_move("New", "In Progress")
	assert not can_move("Closed", "New") and not can_move("Awaiting Details", "Resolved")
	assert not can_move("Nonsense", "New")


def test_move_effects():
	assert move_effects("Closed", "New") is None
	assert move_effects("New", "In Progress") == MoveEffects()
	assert move_effects("In Progress", "Confirmed") == MoveEffects(
		confirm_validity=True, messages=(VALIDITY_CONFIRMED,)
	)
	assert move_effects("In Progress", "Confirmed", confirmed=NOW) == MoveEffects()
	# waiting for the customer pauses a running delivery clock only
	assert move_effects("Confirmed", "Awaiting Customer", confirmed=NOW).pause_delivery
	assert not move_effects("Confirmed", "Awaiting Customer", NOW, delivered=NOW).pause_delivery
	assert not move_effects("In Progress", "Awaiting Customer").pause_delivery
	assert move_effects("Awaiting Customer", "In Progress").resume_pauses
	assert move_effects("In Progress", "Resolved") == MoveEffects(resolved=True, messages=(TICKET_RESOLVED,))
	assert move_effects("Awaiting Details", "New").messages == (TICKET_RECEIVED,)
	assert move_effects("Resolved", "In Progress") == MoveEffects(reopened=True)
	assert move_effects("Resolved", "Closed") == MoveEffects(closed=True)


def test_conversation_moves_and_verification():
	assert status_after_reply("New") == "In Progress"
	assert status_after_reply("Awaiting Customer") == "Awaiting Customer"
	assert status_after_customer_message("Awaiting Customer") == "In Progress"
	assert status_after_customer_message("Resolved") == "Resolved"
	assert status_when_complete("Awaiting Details") == "New"
	assert status_when_complete("In Progress") == "In Progress"
	assert verification_complete(True, False, True) and verification_complete(True, True, False)
	assert not verification_complete(False, True, True) and not verification_complete(True, False, False)


def test_later_delivery_rule():
	assert later_delivery_refusal(None, NOW + timedelta(days=1), NOW) == "not_started"
	assert later_delivery_refusal(NOW, None, NOW) == "not_future"
	assert later_delivery_refusal(NOW, NOW, NOW) == "not_future"
	assert later_delivery_refusal(NOW, NOW + timedelta(seconds=1), NOW) is None


@pytest.mark.parametrize("status", CONTRACT_STATUSES)
def test_one_coverage_rule(status):
	start, end = date(2026, 1, 1), date(2026, 12, 31)
	covering = status in ("Active", "Expiring", "Renewed", "Lapsed")
	assert in_force(status) == covering
	# on the days of its term only, and never when Draft or Cancelled
	assert covers(status, start, end, start) == covering
	assert covers(status, start, end, end) == covering
	assert not covers(status, start, end, start - timedelta(days=1))
	assert not covers(status, start, end, end + timedelta(days=1))


def test_covering_and_not_covering_statuses_split_every_status():
	assert set(COVERING_STATUSES) | set(NOT_COVERING_STATUSES) == set(CONTRACT_STATUSES)
	assert not set(COVERING_STATUSES) & set(NOT_COVERING_STATUSES)
	assert NOT_COVERING_STATUSES == ("Draft", "Cancelled")


def test_the_ticket_core_imports_no_frappe():
	root = pathlib.Path(hezo_service.core.tickets.__file__).parent
	imported = set()
	for path in root.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.Import):
				imported |= {a.name.split(".")[0] for a in node.names}
			elif isinstance(node, ast.ImportFrom) and node.module:
				imported.add(node.module.split(".")[0])
	assert "frappe" not in imported and "hezo_service" in imported


# -- the customer closes or reopens its own resolved ticket
RESOLVED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_a_resolved_ticket_may_be_closed_or_reopened_by_the_customer(action):
	assert (
		flow.customer_move_refusal(action, "Resolved", RESOLVED_AT, RESOLVED_AT + timedelta(days=1)) is None
	)
	# and the move is the desk's own
	assert flow.can_move("Resolved", flow.CUSTOMER_MOVES[action])


@pytest.mark.parametrize("status", [s for s in flow.STATUSES if s != "Resolved"])
@pytest.mark.parametrize("action", ["close", "reopen"])
def test_only_a_resolved_ticket(action, status):
	assert flow.customer_move_refusal(action, status, RESOLVED_AT, RESOLVED_AT) == "not_resolved"


def test_reopening_ends_with_the_last_second_of_the_period():
	last = RESOLVED_AT + timedelta(days=flow.REOPEN_DAYS)
	assert flow.customer_move_refusal("reopen", "Resolved", RESOLVED_AT, last) is None
	assert (
		flow.customer_move_refusal("reopen", "Resolved", RESOLVED_AT, last + timedelta(seconds=1))
		== "too_late"
	)
	assert flow.customer_move_refusal("reopen", "Resolved", RESOLVED_AT, last, reopen_days=3) == "too_late"
	assert flow.customer_move_refusal("reopen", "Resolved", None, RESOLVED_AT) == "too_late"
	# closing has no deadline
	assert flow.customer_move_refusal("close", "Resolved", RESOLVED_AT, last + timedelta(days=365)) is None


def test_nothing_else_is_a_customer_move():
	assert flow.customer_move_refusal("delete", "Resolved", RESOLVED_AT, RESOLVED_AT) == "unknown"
