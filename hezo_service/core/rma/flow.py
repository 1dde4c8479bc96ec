"""The RMA status flow and the report's figures (turnaround, return compliance)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

STATUSES = (
	"Open",
	"Awaiting Stock",
	"Reserved",
	"Ordered",
	"Shipped",
	"Delivered",
	"Returned",
	"Closed",
	"Cancelled",
)
BEFORE_SHIPPING = ("Open", "Awaiting Stock", "Reserved", "Ordered")
ALLOWED = {
	"Open": {"Awaiting Stock", "Reserved", "Ordered", "Shipped", "Cancelled"},
	"Awaiting Stock": {"Reserved", "Ordered", "Cancelled"},
	"Reserved": {"Awaiting Stock", "Shipped", "Cancelled"},
	"Ordered": {"Shipped", "Cancelled"},
	"Shipped": {"Delivered"},
	"Delivered": {"Returned", "Closed"},
	"Returned": {"Closed"},
	"Closed": set(),
	"Cancelled": set(),
}


def can_move(old: str, new: str) -> bool:
	return old == new or new in ALLOWED.get(old, set())


@dataclass(frozen=True)
class RMAFacts:
	customer: str
	plan: str
	confirmed: datetime | None
	delivered: datetime | None
	delivery_due: datetime | None
	return_due: datetime | None
	returned: datetime | None
	chargeable: bool


@dataclass
class Row:
	customer: str
	plan: str
	rmas: int = 0
	delivered: int = 0
	delivered_on_time: int = 0
	turnaround_hours: list[float] = field(default_factory=list)
	returns_due: int = 0
	returned_on_time: int = 0
	returned_late: int = 0
	overdue: int = 0
	chargeable: int = 0

	def as_dict(self) -> dict:
		return {
			"customer": self.customer,
			"plan": self.plan,
			"rmas": self.rmas,
			"delivered": self.delivered,
			"delivered_on_time_percent": percent(self.delivered_on_time, self.delivered),
			"avg_turnaround_hours": average(self.turnaround_hours),
			"max_turnaround_hours": round(max(self.turnaround_hours), 2) if self.turnaround_hours else None,
			"returns_due": self.returns_due,
			"returned_on_time": self.returned_on_time,
			"returned_late": self.returned_late,
			"overdue": self.overdue,
			"chargeable": self.chargeable,
			"return_compliance_percent": percent(self.returned_on_time, self.returns_due),
		}


def percent(part: int, whole: int) -> float | None:
	if not whole:
		return None
	return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def average(values: list[float]) -> float | None:
	if not values:
		return None
	return float((Decimal(str(sum(values))) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summarise(facts: Iterable[RMAFacts], at: datetime) -> list[dict]:
	"""Per customer and plan: turnaround (confirmation to delivery, real hours), delivery on time, and
	return compliance (returned by the due time, among returns that are due or done)."""
	rows: dict[tuple[str, str], Row] = {}
	for fact in facts:
		row = rows.setdefault((fact.customer, fact.plan), Row(fact.customer, fact.plan))
		row.rmas += 1
		if fact.delivered is not None:
			row.delivered += 1
			if fact.delivery_due is None or fact.delivered.timestamp() <= fact.delivery_due.timestamp():
				row.delivered_on_time += 1
			if fact.confirmed is not None:
				row.turnaround_hours.append(
					round((fact.delivered - fact.confirmed).total_seconds() / 3600, 2)
				)
		if fact.return_due is not None:
			late_now = at.timestamp() > fact.return_due.timestamp()
			if fact.returned is not None:
				row.returns_due += 1
				if fact.returned.timestamp() <= fact.return_due.timestamp():
					row.returned_on_time += 1
				else:
					row.returned_late += 1
			elif late_now:
				row.returns_due += 1
				row.overdue += 1
		if fact.chargeable:
			row.chargeable += 1
	return [rows[key].as_dict() for key in sorted(rows)]
