"""How the portal shows the return of the faulty unit after an RMA's replacement was delivered
(pure: plain datetimes in, a state out)."""

from __future__ import annotations

from datetime import datetime


def return_state(return_due: datetime | None, received_at: datetime | None, at: datetime) -> str | None:
	"""The return state: "received" once the unit is back (even late), "overdue" after the due time, "awaiting" before it;
	None while no return is due (the replacement is not delivered yet). Computed at the page's time,
	so the portal never waits for the daily job that sets the RMA's stored return status."""
	if received_at is not None:
		return "received"
	if return_due is None:
		return None
	return "overdue" if at > return_due else "awaiting"
