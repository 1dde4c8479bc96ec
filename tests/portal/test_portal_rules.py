"""The portal's pure rules: NIP comparison, renewal state, the upload policy, remaining time."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezo_service.core.portal import (
	MAX_UPLOAD_BYTES,
	UploadRefused,
	check_upload,
	normalise_nip,
	out_of_hours,
	remaining,
	renewal_state,
	signup_items,
)


@pytest.mark.parametrize("given_nip", ["5260250995", "PL5260250995", "526-025-09-95", " pl 526 025 09 95 "])
def test_nip_forms_compare_equal(given_nip):
	assert normalise_nip(given_nip) == "5260250995"


@pytest.mark.parametrize("bad", ["", None, "123", "5260250994", "abcdefghij"])
def test_invalid_nip_is_none(bad):
	assert normalise_nip(bad) is None


def test_signup_items_normalised_and_complete():
	items = signup_items("PL 526-025-09-95", " fg100f 123 ", " hz-2026-001 ")
	assert (items.nip, items.serial_no, items.contract_no) == ("5260250995", "FG100F123", "HZ-2026-001")
	assert items.complete
	assert not signup_items("123", "X", "Y").complete
	assert not signup_items("5260250995", "", "Y").complete


@pytest.mark.parametrize(
	("today", "status", "expected"),
	[
		# the lifecycle status is the one source of truth: the portal does not recompute "expiring"
		(date(2026, 6, 1), "Active", ("active", 213)),
		(date(2026, 11, 1), "Active", ("active", 60)),
		(date(2026, 11, 1), "Expiring", ("expiring", 60)),
		(date(2026, 12, 31), "Expiring", ("expiring", 0)),
		(date(2027, 1, 5), "Lapsed", ("lapsed", None)),
		(date(2027, 1, 5), "Active", ("active", None)),  # the daily job has not run yet: no days left
		(date(2025, 12, 1), "Active", ("not started", 395)),
		(date(2025, 12, 1), "Draft", ("draft", None)),
		(date(2026, 6, 1), "Cancelled", ("cancelled", None)),
		(date(2027, 6, 1), "Renewed", ("renewed", None)),
		(date(2026, 6, 1), None, ("active", 213)),
	],
)
def test_renewal_state(today, status, expected):
	state = renewal_state(status, date(2026, 1, 1), date(2026, 12, 31), today)
	assert (state.state, state.days_left, state.renewed_until) == (*expected, None)


def test_renewed_until_is_carried_for_any_status():
	for status in ("Active", "Expiring", "Renewed"):
		state = renewal_state(
			status, date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 1), date(2027, 12, 31)
		)
		assert state.renewed_until == date(2027, 12, 31)


@given(
	st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
	st.sampled_from(["Active", "Expiring", "Lapsed", "Renewed", "Cancelled", "Draft", None]),
)
def test_renewal_state_follows_the_status(today, status):
	state = renewal_state(status, date(2024, 1, 1), date(2026, 12, 31), today)
	if state.state == "not started":
		assert status in ("Active", None) and today < date(2024, 1, 1)
	else:
		assert state.state == (status or "Active").lower()
	if state.days_left is not None:
		assert state.days_left == (date(2026, 12, 31) - today).days >= 0


def test_upload_accepted_keeps_base_name_only():
	assert check_upload("C:\\logs\\router.LOG", 10) == "router.LOG"
	assert check_upload("../../etc/config.cfg", 10) == "config.cfg"
	assert check_upload("x.pdf", MAX_UPLOAD_BYTES) == "x.pdf"
	assert check_upload('log" onmouseover="x(1)".log', 10) == "log_ onmouseover__x_1__.log"
	assert check_upload("<img src=x>.txt", 10) == "_img src_x_.txt"
	assert check_upload("dziennik błędów.log", 10) == "dziennik błędów.log"


@pytest.mark.parametrize(
	("name", "size", "reason"),
	[
		("x.log", MAX_UPLOAD_BYTES + 1, "too_large"),
		("x.exe", 10, "type"),
		("x.html", 10, "type"),
		("noext", 10, "type"),
		("x.log", 0, "empty"),
		("", 10, "empty"),
		(None, 10, "empty"),
	],
)
def test_upload_refused(name, size, reason):
	with pytest.raises(UploadRefused) as refused:
		check_upload(name, size)
	assert refused.value.reason == reason


def test_remaining():
	now = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)
	assert remaining(now, None) is None
	assert remaining(now, now + timedelta(hours=2, minutes=5, seconds=59)) == ("left", 2, 5)
	assert remaining(now, now - timedelta(minutes=61)) == ("overdue", 1, 1)
	assert remaining(now, now) == ("left", 0, 0)


def test_out_of_hours():
	reported = datetime(2026, 3, 14, 10, 0, tzinfo=timezone.utc)
	assert out_of_hours(False, reported + timedelta(days=2), reported)
	assert not out_of_hours(True, reported + timedelta(hours=1), reported)
	assert not out_of_hours(False, None, reported)
