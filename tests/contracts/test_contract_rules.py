"""Contract lifecycle rules: terms, renewal dates, fees and proration, quotas, schedule spreading."""

from __future__ import annotations

import ast
import itertools
import pathlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hezo_service.core.contracts as rules
from hezo_service.core.contracts import (
	ContractRuleError,
	TermError,
	check_term,
	contract_year,
	contract_years,
	money,
	offered_terms,
	per_device_limit,
	prorate,
	quota_usage,
	quote_renewal,
	reactivation_fee,
	spread_over_year,
	term_end,
	work_schedule,
)
from hezo_service.core.sla import shipped_catalogue

CAL = shipped_catalogue().calendars["8x5"]
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
amounts = st.decimals(min_value=0, max_value=Decimal("10000000"), places=2)


def test_core_package_never_imports_frappe():
	for path in pathlib.Path(rules.__file__).parent.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
			if isinstance(node, ast.ImportFrom) and node.module:
				names = [node.module]
			assert not [n for n in names if n.split(".")[0] == "frappe"], path


# -- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"value, expected",
	[
		("0.005", "0.01"),
		("0.004", "0.00"),
		("2.675", "2.68"),
		(2.675, "2.68"),
		(0.1, "0.10"),
		(None, "0.00"),
		("", "0.00"),
		(5, "5.00"),
		("-0.005", "-0.01"),
	],
)
def test_money_rounds_to_the_grosz_half_up(value, expected):
	assert money(value) == Decimal(expected)


def test_prorate():
	assert prorate("365.00", 1, 365) == Decimal("1.00")
	assert prorate(1000, 1, 3) == Decimal("333.33")
	assert prorate(1000, 2, 3) == Decimal("666.67")
	assert prorate(0.3, 1, 1) == Decimal("0.30")
	with pytest.raises(ValueError):
		prorate(1, 1, 0)
	with pytest.raises(ValueError):
		prorate(1, -1, 3)


@given(amounts, st.integers(1, 3000), st.data())
def test_proration_is_bounded_and_never_negative(amount, total, data):
	part = data.draw(st.integers(0, total))
	value = prorate(amount, part, total)
	assert Decimal(0) <= value <= amount
	assert value == value.quantize(Decimal("0.01"))


# -- terms -------------------------------------------------------------------------------------


def test_offered_terms():
	assert offered_terms("1,2,3") == (1, 2, 3)
	assert offered_terms("3; 1, ,1") == (1, 3)
	assert offered_terms(None) == (1, 3)
	assert offered_terms("") == (1, 3)
	assert offered_terms([3, 1]) == (1, 3)
	with pytest.raises(TermError):
		offered_terms("1,x")
	with pytest.raises(TermError):
		offered_terms("0")


def test_term_end():
	assert term_end(date(2026, 1, 1), 1) == date(2026, 12, 31)
	assert term_end(date(2026, 3, 1), 3) == date(2029, 2, 28)
	assert term_end(date(2024, 2, 29), 1) == date(2025, 2, 27)
	with pytest.raises(TermError):
		term_end(date(2026, 1, 1), 0)


def test_hezo_plus_terms_extend_to_five_years_and_no_further():
	plus = ((1, 2, 3), 5)
	check_term(3, *plus)
	check_term(1, *plus, prior_years=3)  # 4th year
	check_term(2, *plus, prior_years=3)  # 4th and 5th
	check_term(1, *plus, prior_years=4)  # 5th
	with pytest.raises(TermError, match="at most 5"):
		check_term(3, *plus, prior_years=3)
	with pytest.raises(TermError, match="at most 5") as over:
		check_term(1, *plus, prior_years=5)
	assert over.value.reason == "over_limit"
	with pytest.raises(TermError, match="offers terms of 1, 2, 3") as other:
		check_term(4, *plus)
	assert other.value.reason == "not_offered"


def test_one_or_three_year_plans_renew_without_a_total_limit():
	qsp = ((1, 3), 3)
	assert per_device_limit(*qsp) is None
	assert per_device_limit((1, 3), None) is None
	assert per_device_limit((1, 2, 3), 5) == 5
	check_term(3, *qsp, prior_years=9)
	with pytest.raises(TermError, match="not 2"):
		check_term(2, *qsp)


def test_contract_years():
	assert contract_years(date(2026, 3, 1), date(2029, 2, 28)) == [
		(date(2026, 3, 1), date(2027, 2, 28)),
		(date(2027, 3, 1), date(2028, 2, 29)),
		(date(2028, 3, 1), date(2029, 2, 28)),
	]
	assert contract_years(date(2026, 1, 1), date(2026, 6, 30)) == [(date(2026, 1, 1), date(2026, 6, 30))]
	with pytest.raises(ContractRuleError):
		contract_years(date(2026, 1, 2), date(2026, 1, 1))
	assert contract_year(date(2026, 3, 1), date(2027, 3, 1)) == (2, date(2027, 3, 1), date(2028, 2, 29))
	assert contract_year(date(2026, 3, 1), date(2026, 2, 1)) == (1, date(2026, 3, 1), date(2027, 2, 28))


@given(days, st.integers(1, 5), st.data())
def test_contract_years_tile_the_term(start, years, data):
	end = term_end(start, years)
	tiles = contract_years(start, end)
	assert len(tiles) == years
	assert tiles[0][0] == start and tiles[-1][1] == end
	for (_a0, a1), (b0, _b1) in itertools.pairwise(tiles):
		assert b0 == a1 + timedelta(days=1)
	on = data.draw(st.dates(min_value=start, max_value=end))
	index, first, last = contract_year(start, on)
	assert tiles[index - 1] == (first, last)
	assert first <= on <= last


# -- renewal and fees ----------------------------------------------------------------------------


def test_renewal_in_time_continues_without_fee():
	q = quote_renewal(date(2026, 12, 31), date(2026, 12, 1), 1, "12000", fee_percent=10, fee_fixed=100)
	assert (q.new_start, q.new_end) == (date(2027, 1, 1), date(2027, 12, 31))
	assert (q.lapsed_days, q.lapsed_value, q.reactivation_fee, q.total) == (0, 0, 0, Decimal("12000.00"))
	assert not q.late


def test_late_renewal_pays_lapsed_days_and_the_reactivation_fee():
	q = quote_renewal(
		date(2026, 12, 31),
		date(2027, 2, 15),
		1,
		"12000",
		fee_percent="10",
		fee_fixed="100.005",
		grace_days=14,
	)
	assert q.new_start == date(2027, 1, 1)  # continuous from the old end
	assert q.lapsed_days == 46 and q.late
	assert q.lapsed_value == Decimal("1512.33")  # 12000 * 46 / 365, inside the renewal price
	assert q.reactivation_fee == Decimal("1300.01")  # 10 % of 12000 + 100.01
	assert q.total == Decimal("13300.01")


def test_grace_period_and_fee_parts():
	assert reactivation_fee("1000", 14, 10, 50, grace_days=14) == 0
	assert reactivation_fee("1000", 15, 10, 50, grace_days=14) == Decimal("150.00")
	assert reactivation_fee("1000", 1, 0, 50) == Decimal("50.00")
	assert reactivation_fee("1000", 1, "12.5", None) == Decimal("125.00")
	assert reactivation_fee("999.99", 1, "33.333", 0) == Decimal("333.33")
	assert reactivation_fee("1000", 0, 10, 50) == 0
	assert reactivation_fee("1000", 5, -10, -50) == 0


def test_negative_renewal_price_is_refused():
	with pytest.raises(ContractRuleError):
		quote_renewal(date(2026, 12, 31), date(2026, 12, 1), 1, "-1")


@given(
	days,
	st.integers(-400, 800),
	st.sampled_from([1, 2, 3]),
	amounts,
	st.decimals(-50, 200, places=3),
	st.decimals(-100, 5000, places=2),
	st.integers(0, 60),
)
def test_a_renewal_never_leaves_a_gap_and_fees_are_never_negative(
	old_end, offset, years, price, pct, fixed, grace
):
	renewed_on = old_end + timedelta(days=offset)
	q = quote_renewal(old_end, renewed_on, years, price, pct, fixed, grace)
	assert q.new_start == old_end + timedelta(days=1)  # no gap, no overlap
	assert q.new_end == term_end(q.new_start, years)
	assert q.reactivation_fee >= 0
	assert q.lapsed_value >= 0 and q.lapsed_value <= q.renewal_price
	assert q.total == q.renewal_price + q.reactivation_fee
	if offset <= grace:
		assert q.reactivation_fee == 0


# -- quotas ------------------------------------------------------------------------------------


def test_quota_usage():
	u = quota_usage("remote_config_change", 5, 7)
	assert (u.remaining, u.over) == (0, 2)
	assert not u.is_billable(5) and u.is_billable(6)
	u = quota_usage("remote_config_change", 5, 3)
	assert (u.remaining, u.over) == (2, 0)
	with pytest.raises(ValueError):
		quota_usage("x", -1, 0)


# -- scheduled work ---------------------------------------------------------------------------------


def test_twice_a_year_on_business_days():
	assert spread_over_year(CAL, date(2026, 1, 1), date(2026, 12, 31), 2) == [
		date(2026, 5, 4),
		date(2026, 9, 1),
	]
	# 1 May (holiday) -> next business day 4 May (2, 3 May are a weekend and a holiday)
	assert spread_over_year(CAL, date(2026, 1, 1), date(2026, 12, 31), 1) == [date(2026, 7, 2)]
	assert spread_over_year(CAL, date(2026, 1, 1), date(2026, 12, 31), 0) == []


def test_short_periods_and_errors():
	# a period with one business day at its start only: moved back, never outside
	assert spread_over_year(CAL, date(2026, 12, 23), date(2026, 12, 27), 1) == [date(2026, 12, 23)]
	assert spread_over_year(CAL, date(2026, 12, 23), date(2026, 12, 27), 3) == [date(2026, 12, 23)]
	assert spread_over_year(CAL, date(2026, 12, 24), date(2026, 12, 27), 1) == []
	assert spread_over_year(CAL, date(2026, 1, 5), date(2026, 1, 9), 5) == [
		date(2026, 1, d) for d in (5, 7, 8, 9)
	]  # 6 Jan: Epiphany
	with pytest.raises(ContractRuleError):
		spread_over_year(CAL, date(2026, 1, 2), date(2026, 1, 1), 1)
	with pytest.raises(ContractRuleError):
		spread_over_year(CAL, date(2026, 1, 1), date(2026, 1, 2), -1)


def test_work_schedule_over_a_three_year_term():
	plan = work_schedule(CAL, date(2026, 3, 1), date(2029, 2, 28), 2)
	assert [(y, s) for y, s, _ in plan] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2)]


def test_back_dated_contracts_get_past_visits_as_soon_as_possible():
	plan = work_schedule(CAL, date(2025, 6, 1), date(2027, 5, 31), 2, not_before=date(2026, 5, 30))
	# year 1 (2025-06-01..2026-05-31): both visits passed; the first business day from Saturday 30 May
	# is Monday 1 June, after the year's end: left out. Year 2 keeps its own dates.
	assert plan == [(2, 1, date(2026, 9, 30)), (2, 2, date(2027, 2, 1))]
	plan = work_schedule(CAL, date(2026, 1, 1), date(2026, 12, 31), 2, not_before=date(2026, 6, 10))
	assert plan == [(1, 1, date(2026, 6, 10)), (1, 2, date(2026, 9, 1))]


@given(days, st.integers(0, 1200), st.integers(1, 4), st.integers(-400, 1200))
def test_schedule_never_before_the_entry_day_nor_on_a_non_business_day(start, length, per_year, entered):
	end = start + timedelta(days=length)
	not_before = start + timedelta(days=entered)
	for _year, _seq, day in work_schedule(CAL, start, end, per_year, not_before=not_before):
		assert CAL.is_business_day(day)
		assert start <= day <= end
		assert day >= not_before


@given(days, st.integers(0, 500), st.integers(0, 12))
def test_no_schedule_date_falls_on_a_non_business_day(first, length, count):
	last = first + timedelta(days=length)
	dates = spread_over_year(CAL, first, last, count)
	assert all(CAL.is_business_day(d) for d in dates)
	assert all(first <= d <= last for d in dates)
	assert dates == sorted(set(dates))
	assert len(dates) <= count
	if length >= 364 and count <= 12:
		assert len(dates) == count
