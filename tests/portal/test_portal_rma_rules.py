"""The return state the portal shows on the RMA and device pages."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hezo_service.core.portal.rma import return_state

DUE = datetime(2026, 11, 30, 23, 59)


def test_named_cases():
	assert return_state(None, None, DUE) is None
	assert return_state(DUE, None, DUE - timedelta(days=1)) == "awaiting"
	assert return_state(DUE, None, DUE) == "awaiting"  # due time itself still on time
	assert return_state(DUE, None, DUE + timedelta(minutes=1)) == "overdue"
	assert return_state(DUE, DUE + timedelta(days=3), DUE + timedelta(days=9)) == "received"
	assert return_state(None, DUE, DUE) == "received"


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1))


@given(due=moments, at=moments, received=st.none() | moments)
def test_received_wins_and_overdue_only_after_due(due, at, received):
	state = return_state(due, received, at)
	if received is not None:
		assert state == "received"
	else:
		assert state == ("overdue" if at > due else "awaiting")
