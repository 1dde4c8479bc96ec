"""Return of the faulty unit (seeds 000 and 004; docs/decisions.md, "RMA and spare stock"): which reminders and charges are due, who pays the
return shipping, and what an unreturned unit is charged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

BEFORE_DUE = "Before due"
OVERDUE = "Overdue"
CHARGEABLE = "Chargeable"
KINDS = (BEFORE_DUE, OVERDUE, CHARGEABLE)

GROSZ = Decimal("0.01")


@dataclass(frozen=True)
class ReturnPolicy:
	"""Days are calendar days in the site's zone (HEZO Settings, editable)."""

	remind_days_before: int = 2
	remind_days_after: int = 1
	charge_after_days: int = 14

	def __post_init__(self) -> None:
		for name in ("remind_days_before", "remind_days_after", "charge_after_days"):
			if getattr(self, name) < 0:
				raise ValueError(f"{name} cannot be negative")


def actions_due(return_due: datetime, at: datetime, policy: ReturnPolicy, tz: ZoneInfo) -> list[str]:
	"""What the daily job owes an unreturned unit at `at` (each action is then done once only):

	- "Before due": from `remind_days_before` days before the due day until the due time;
	- "Overdue": once the due time has passed and `remind_days_after` days after the due day have begun;
	- "Chargeable": once more than `charge_after_days` whole days have passed after the due day.
	"""
	due_day = return_due.astimezone(tz).date()
	today = at.astimezone(tz).date()
	late = at.timestamp() > return_due.timestamp()
	result = []
	if not late and today >= due_day - timedelta(days=policy.remind_days_before):
		result.append(BEFORE_DUE)
	if late and today >= due_day + timedelta(days=policy.remind_days_after):
		result.append(OVERDUE)
	if late and today > due_day + timedelta(days=policy.charge_after_days):
		result.append(CHARGEABLE)
	return result


def horizon(at: datetime, policy: ReturnPolicy) -> datetime:
	"""Returns due after this instant need nothing yet (the job's one indexed query bound)."""
	return at + timedelta(days=policy.remind_days_before + 1)


def return_payer(plan_payer: str | None) -> str:
	"""Who pays the return shipping: a plan attribute (HEZO+: the distributor, HEZO 360: the customer).
	A plan that says nothing: the distributor (the desk issues a prepaid waybill)."""
	return "Customer" if (plan_payer or "").strip().lower() == "customer" else "Distributor"


def charge_amount(amount: Decimal | str | int | float | None) -> Decimal:
	"""The charge for an unreturned unit, in PLN to the grosz (half up); never negative."""
	value = Decimal(str(amount or 0)).quantize(GROSZ, rounding=ROUND_HALF_UP)
	if value < 0:
		raise ValueError("a charge cannot be negative")
	return value


def reminder_key(rma: str, kind: str) -> str:
	if kind not in KINDS:
		raise ValueError(f"unknown reminder kind {kind!r}")
	return f"{rma}:{kind}"
