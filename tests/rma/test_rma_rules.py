"""The pure RMA rules: return reminders and charges, who pays the return, spare-stock levels and the
once-per-crossing alert, the status flow and the report's figures."""

from __future__ import annotations

import ast
import pathlib
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hezo_service.core.rma
from hezo_service.core.rma import flow, returns, stock

WAW = ZoneInfo("Europe/Warsaw")
POLICY = returns.ReturnPolicy(2, 1, 14)


def local(text: str) -> datetime:
	return datetime.fromisoformat(text).replace(tzinfo=WAW)


def test_the_rma_core_imports_no_frappe():
	core = pathlib.Path(hezo_service.core.rma.__file__).parent
	for path in core.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
			if isinstance(node, ast.ImportFrom) and node.module:
				names = [node.module]
			assert not [n for n in names if n.split(".")[0] == "frappe"], path


@pytest.mark.parametrize(
	("at", "expected"),
	[
		("2026-11-27T23:59:59", []),
		("2026-11-28T00:00:00", ["Before due"]),
		("2026-11-30T23:59:59", ["Before due"]),
		("2026-12-01T00:00:00", ["Overdue"]),
		("2026-12-14T23:00:00", ["Overdue"]),
		("2026-12-15T00:00:00", ["Overdue", "Chargeable"]),
	],
)
def test_actions_around_the_due_day(at, expected):
	due = local("2026-11-30T23:59:59")
	assert returns.actions_due(due, local(at), POLICY, WAW) == expected


def test_overdue_waits_for_the_days_after():
	policy = returns.ReturnPolicy(0, 3, 0)
	due = local("2026-11-30T23:59:59")
	assert returns.actions_due(due, local("2026-12-02T12:00:00"), policy, WAW) == ["Chargeable"]
	assert returns.actions_due(due, local("2026-12-03T00:00:00"), policy, WAW) == ["Overdue", "Chargeable"]
	assert returns.actions_due(due, local("2026-11-30T12:00:00"), policy, WAW) == ["Before due"]


def test_negative_policy_is_refused():
	with pytest.raises(ValueError):
		returns.ReturnPolicy(-1, 0, 0)


@given(
	delivered=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),
	offset=st.integers(min_value=-20 * 86400, max_value=40 * 86400),
	before=st.integers(0, 10),
	after=st.integers(0, 10),
	charge=st.integers(0, 30),
)
def test_actions_properties(delivered, offset, before, after, charge):
	policy = returns.ReturnPolicy(before, after, charge)
	due = datetime.combine(delivered.date() + timedelta(days=7), time(23, 59, 59), WAW)
	at = (due.astimezone(ZoneInfo("UTC")) + timedelta(seconds=offset)).astimezone(WAW)
	actions = returns.actions_due(due, at, policy, WAW)
	late = at.timestamp() > due.timestamp()
	# before-due and overdue never at once; charge only when late; nothing is due past the horizon
	assert not ({"Before due", "Overdue"} <= set(actions))
	assert ("Chargeable" in actions) <= late
	assert ("Before due" in actions) <= (not late)
	if at < due and at + timedelta(days=before + 1) < due:
		assert actions == []
	if "Chargeable" in actions and after <= charge:
		assert "Overdue" in actions
	if late and at.date() > due.date() + timedelta(days=max(after, charge)):
		assert actions == ["Overdue", "Chargeable"]
	assert returns.horizon(at, policy) >= at


def test_payer_charge_and_keys():
	assert returns.return_payer("Customer") == "Customer"
	assert returns.return_payer(" customer ") == "Customer"
	assert returns.return_payer("Distributor") == "Distributor"
	assert returns.return_payer(None) == "Distributor"
	assert returns.charge_amount("1234.565") == Decimal("1234.57")
	assert returns.charge_amount(None) == Decimal("0.00")
	assert returns.charge_amount(0.125) == Decimal("0.13")
	with pytest.raises(ValueError):
		returns.charge_amount("-1")
	assert returns.reminder_key("RMA-2026-00001", "Overdue") == "RMA-2026-00001:Overdue"
	with pytest.raises(ValueError):
		returns.reminder_key("RMA-1", "Whenever")


@pytest.mark.parametrize(
	("covered", "units", "percent", "required"),
	[
		(0, 5, 50, 0),
		(1, 1, 5, 1),
		(100, 1, 5, 5),
		(101, 1, 5, 6),
		(3, 1, 50, 2),
		(10, 4, 10, 4),
		(7, 0, 0, 0),
	],
)
def test_required_units(covered, units, percent, required):
	assert stock.required_units(covered, units, percent) == required


def test_required_units_refuses_negative():
	with pytest.raises(ValueError):
		stock.required_units(-1, 1, 5)


@given(st.integers(0, 10_000), st.integers(0, 50), st.decimals(0, 100, places=2))
def test_required_units_properties(covered, units, percent):
	required = stock.required_units(covered, units, percent)
	if covered == 0:
		assert required == 0
	else:
		assert required >= units
		assert required * 100 >= percent * covered
		assert (required - 1) * 100 < percent * covered or required == units


def test_levels_and_alert_changes():
	current = stock.levels({"A": 1, "C": 4}, {"A": 3, "B": 2}, 1, 50)
	assert [(s.model, s.available, s.covered, s.required, s.low) for s in current] == [
		("A", 1, 3, 2, True),
		("B", 0, 2, 1, True),
		("C", 4, 0, 0, False),
	]
	raise_, clear = stock.alert_changes(current, {"A", "C"})
	assert [s.model for s in raise_] == ["B"]
	assert clear == ["C"]


@given(
	st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 5)),
	st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 5)),
	st.sets(st.sampled_from("ABCDE")),
)
def test_alerts_once_per_crossing(available, covered, open_alerts):
	current = stock.levels(available, covered, 1, 20)
	raise_, clear = stock.alert_changes(current, open_alerts)
	after = (open_alerts | {s.model for s in raise_}) - set(clear)
	# after the changes the open alerts are exactly the low models (a model gone from stock and cover
	# is not low); a second pass raises nothing
	assert after == {s.model for s in current if s.low}
	assert stock.alert_changes(current, after)[0] == []


def test_status_flow():
	assert flow.can_move("Open", "Reserved")
	assert flow.can_move("Shipped", "Shipped")
	assert not flow.can_move("Delivered", "Open")
	assert not flow.can_move("Cancelled", "Open")
	assert set(flow.ALLOWED) == set(flow.STATUSES)


def test_report_summary():
	at = local("2026-12-20T12:00:00")
	facts = [
		flow.RMAFacts(
			"ACME",
			"HEZO-PLUS",
			local("2026-11-23T10:00:00"),
			local("2026-11-23T16:00:00"),
			local("2026-11-23T18:00:00"),
			local("2026-11-30T23:59:59"),
			local("2026-11-27T10:00:00"),
			False,
		),
		flow.RMAFacts(
			"ACME",
			"HEZO-PLUS",
			local("2026-11-24T10:00:00"),
			local("2026-11-25T10:00:00"),
			local("2026-11-24T18:00:00"),
			local("2026-12-02T23:59:59"),
			None,
			True,
		),
		flow.RMAFacts("ACME", "HEZO-PLUS", local("2026-12-19T10:00:00"), None, None, None, None, False),
		flow.RMAFacts(
			"Beta",
			"HEZO-360",
			None,
			local("2026-12-10T10:00:00"),
			None,
			local("2026-12-17T23:59:59"),
			local("2026-12-19T10:00:00"),
			False,
		),
		flow.RMAFacts(
			"Beta",
			"HEZO-360",
			None,
			local("2026-12-18T10:00:00"),
			None,
			local("2026-12-25T23:59:59"),
			None,
			False,
		),
	]
	acme, beta = flow.summarise(facts, at)
	assert acme == {
		"customer": "ACME",
		"plan": "HEZO-PLUS",
		"rmas": 3,
		"delivered": 2,
		"delivered_on_time_percent": 50.0,
		"avg_turnaround_hours": 15.0,
		"max_turnaround_hours": 24.0,
		"returns_due": 2,
		"returned_on_time": 1,
		"returned_late": 0,
		"overdue": 1,
		"chargeable": 1,
		"return_compliance_percent": 50.0,
	}
	assert (beta["returns_due"], beta["returned_late"], beta["return_compliance_percent"]) == (1, 1, 0.0)
	assert (beta["avg_turnaround_hours"], beta["max_turnaround_hours"]) == (None, None)
	assert flow.percent(1, 0) is None
