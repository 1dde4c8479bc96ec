"""The service catalogue as domain values.

The single source is the fixtures JSON shipped in `hezo_service/catalogue/` (Frappe documents:
`HEZO Calendar`, `HEZO Service Plan` with its child rows). The calculator reads those files; the
Frappe app imports them on install/migrate and builds a Catalogue from its own documents through the
same `Catalogue.from_documents`, so both read the rules one way."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import resources
from typing import Any

from hezo_service.core.sla.calendar import (
	DEFAULT_CALENDAR,
	BusinessCalendar,
	CalendarError,
	parse_time_of_day,
)
from hezo_service.core.sla.clocks import Pause, due_after, end_of_nth_day, next_business_day_due

DELIVERY_KINDS = ("hours", "nbd", "nbd_ship")
CATALOGUE_DIR = ("hezo_service", "catalogue")


class CatalogueError(ValueError):
	"""Catalogue data that cannot be used, or a plan/priority that does not exist."""


# a plan that does not say: the faulty unit is due back at the end of the 7th day after delivery
DEFAULT_RETURN_DAYS = 7


def _time(value: Any) -> time | None:
	if value in (None, ""):
		return None
	seconds = parse_time_of_day(value)
	if seconds >= 86_400:
		raise CatalogueError(f"{value!r} is not a time of day")
	return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _hours_to_seconds(value: Any) -> int | None:
	"""Positive hours -> seconds; 0, empty or None means "no target"."""
	if value in (None, ""):
		return None
	hours = float(value)
	if hours < 0:
		raise CatalogueError(f"a target of {value} hours is negative")
	return round(hours * 3600) or None


def calendar_from_document(doc: Mapping[str, Any]) -> BusinessCalendar:
	closed = []
	for row in doc.get("closed_dates") or ():
		value = row["closed_date"]
		closed.append(value if isinstance(value, date) else date.fromisoformat(str(value)))
	return BusinessCalendar(
		doc["name"],
		[(row["weekday"], row["start_time"], row["end_time"]) for row in doc.get("intervals") or ()],
		timezone=doc.get("timezone") or "Europe/Warsaw",
		holiday_country=doc.get("holiday_country") or None,
		closed_dates=closed,
		always_open=bool(doc.get("always_open")),
	)


@dataclass(frozen=True)
class DeliveryTarget:
	"""Delivery (or on-site presence) after validity confirmation."""

	kind: str  # one of DELIVERY_KINDS
	seconds: int | None = None  # for "hours": window seconds in the priority's request window
	cutoff: time | None = None  # for "nbd": confirmations after it count from the next business day


@dataclass(frozen=True)
class PriorityTerms:
	name: str
	label_pl: str
	label_en: str
	description_pl: str
	description_en: str
	request_calendar: str
	response_seconds: int
	follow_up_seconds: int | None
	delivery: DeliveryTarget | None


@dataclass(frozen=True)
class Plan:
	code: str
	name_pl: str
	name_en: str
	product_line: str
	vendor: str
	service_type: str
	onsite: bool
	return_shipping_payer: str
	return_days: int
	term_years: tuple[int, ...]
	max_total_years: int
	business_day_calendar: str
	nbd_due_time: time
	deployment_remote_days: int | None
	deployment_onsite_days: int | None
	priorities: dict[str, PriorityTerms]
	quotas: dict[str, int] = field(default_factory=dict)
	document: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

	def priority(self, name: str) -> PriorityTerms:
		"""A priority by name, case and spacing forgiven ("non-critical" finds "Non-critical")."""
		key = " ".join(str(name).split()).casefold()
		for priority in self.priorities.values():
			if priority.name.casefold() == key:
				return priority
		raise CatalogueError(
			f"unknown priority {name!r} for plan {self.code}; valid priorities: {', '.join(self.priorities)}"
		)


def _plan_from_document(doc: Mapping[str, Any]) -> Plan:
	code = doc.get("plan_code") or doc["name"]
	priorities: dict[str, PriorityTerms] = {}
	for row in sorted(doc.get("priorities") or (), key=lambda r: r.get("idx") or 0):
		kind = row.get("delivery_kind") or None
		if kind is not None and kind not in DELIVERY_KINDS:
			raise CatalogueError(f"plan {code}: unknown delivery kind {kind!r}")
		delivery = None
		if kind is not None:
			seconds = _hours_to_seconds(row.get("delivery_hours")) if kind == "hours" else None
			if kind == "hours" and seconds is None:
				raise CatalogueError(
					f"plan {code}, priority {row['priority']}: delivery in hours needs hours"
				)
			delivery = DeliveryTarget(
				kind, seconds, _time(row.get("delivery_cutoff")) if kind == "nbd" else None
			)
		response = _hours_to_seconds(row.get("response_hours"))
		if response is None:
			raise CatalogueError(f"plan {code}, priority {row['priority']}: a response target is required")
		priorities[row["priority"]] = PriorityTerms(
			name=row["priority"],
			label_pl=row.get("label_pl") or row["priority"],
			label_en=row.get("label_en") or row["priority"],
			description_pl=row.get("description_pl") or "",
			description_en=row.get("description_en") or "",
			request_calendar=row["request_calendar"],
			response_seconds=response,
			follow_up_seconds=_hours_to_seconds(row.get("follow_up_hours")),
			delivery=delivery,
		)
	if not priorities:
		raise CatalogueError(f"plan {code} has no priorities")
	terms = tuple(int(t) for t in str(doc.get("term_years") or "1").replace(" ", "").split(",") if t)
	return Plan(
		code=code,
		name_pl=doc.get("plan_name_pl") or code,
		name_en=doc.get("plan_name_en") or code,
		product_line=doc.get("product_line") or "",
		vendor=doc.get("vendor") or "",
		service_type=doc.get("service_type") or "",
		onsite=bool(doc.get("onsite")),
		return_shipping_payer=doc.get("return_shipping_payer") or "Distributor",
		return_days=int(doc.get("return_days") or DEFAULT_RETURN_DAYS),
		term_years=terms,
		max_total_years=int(doc.get("max_total_years") or max(terms)),
		business_day_calendar=doc.get("business_day_calendar") or DEFAULT_CALENDAR,
		nbd_due_time=_time(doc.get("nbd_due_time")) or time(17),
		deployment_remote_days=int(doc.get("deployment_remote_days") or 0) or None,
		deployment_onsite_days=int(doc.get("deployment_onsite_days") or 0) or None,
		priorities=priorities,
		quotas={q["quota_kind"]: int(q["per_contract_year"]) for q in doc.get("quotas") or ()},
		document=doc,
	)


class Catalogue:
	"""Plans and the calendars they name; hands out the clock rules of a plan and priority."""

	def __init__(self, calendars: Iterable[BusinessCalendar], plans: Iterable[Plan]) -> None:
		self.calendars = {c.name: c for c in calendars}
		self.plans = {p.code: p for p in plans}
		for plan in self.plans.values():
			names = {plan.business_day_calendar} | {p.request_calendar for p in plan.priorities.values()}
			missing = sorted(names - self.calendars.keys())
			if missing:
				raise CatalogueError(f"plan {plan.code} names unknown calendars: {', '.join(missing)}")

	@classmethod
	def from_documents(
		cls, calendar_docs: Iterable[Mapping[str, Any]], plan_docs: Iterable[Mapping[str, Any]]
	) -> Catalogue:
		try:
			calendars = [calendar_from_document(d) for d in calendar_docs]
		except (KeyError, CalendarError) as e:
			raise CatalogueError(f"calendar data: {e}") from e
		return cls(calendars, [_plan_from_document(d) for d in plan_docs])

	def plan(self, code: str) -> Plan:
		plan = self.plans.get(str(code).strip().upper())
		if plan is None:
			raise CatalogueError(f"unknown plan {code!r}; valid plans: {', '.join(self.plans)}")
		return plan

	def rules(self, plan_code: str, priority: str) -> ClockRules:
		plan = self.plan(plan_code)
		terms = plan.priority(priority)
		return ClockRules(
			plan, terms, self.calendars[terms.request_calendar], self.calendars[plan.business_day_calendar]
		)


@dataclass(frozen=True)
class ClockRules:
	"""Every clock of one ticket's plan and priority (seeds 000–004)."""

	plan: Plan
	terms: PriorityTerms
	window: BusinessCalendar  # the priority's request window
	business_days: BusinessCalendar  # what counts as a business day for NBD

	@property
	def delivery_kind(self) -> str | None:
		return self.terms.delivery.kind if self.terms.delivery else None

	def response_due(self, reported: datetime, pauses: Iterable[Pause] = ()) -> datetime | None:
		"""First contact with the reporter: response target in window time from the report."""
		return due_after(self.window, reported, self.terms.response_seconds, pauses)

	def follow_up_due(self, customer_message: datetime, pauses: Iterable[Pause] = ()) -> datetime | None:
		"""The next reply after a customer message; None when the plan sets no follow-up target."""
		if self.terms.follow_up_seconds is None:
			return None
		return due_after(self.window, customer_message, self.terms.follow_up_seconds, pauses)

	def delivery_due(
		self, confirmed: datetime, agreed: datetime | None = None, pauses: Iterable[Pause] = ()
	) -> datetime | None:
		"""Delivery (or on-site presence; shipping for NBD-S) after validity confirmation.
		A later date accepted by the customer replaces the computed one."""
		target = self.terms.delivery
		if target is None:
			return None
		if agreed is not None:
			return agreed
		if target.kind == "hours":
			return due_after(self.window, confirmed, target.seconds or 0, pauses)
		return next_business_day_due(
			self.business_days,
			confirmed,
			due_time=self.plan.nbd_due_time,
			cutoff=target.cutoff if target.kind == "nbd" else None,
		)

	def return_due(self, delivered: datetime) -> datetime:
		"""Return of the faulty unit: end of the Nth calendar day after the day of delivery."""
		return end_of_nth_day(delivered, self.plan.return_days, self.business_days.tz)

	def deployment_due(self, requested: datetime, onsite: bool = False) -> datetime | None:
		"""HEZO 360 deployment: remote within 7, on-site within 14 calendar days of the request."""
		days = self.plan.deployment_onsite_days if onsite else self.plan.deployment_remote_days
		if days is None:
			return None
		return end_of_nth_day(requested, days, self.business_days.tz)


def read_fixture(name: str) -> list[dict[str, Any]]:
	"""A fixtures file of the package, e.g. read_fixture("hezo_service_plan.json")."""
	package, folder = CATALOGUE_DIR
	with resources.files(package).joinpath(folder, name).open(encoding="utf-8") as f:
		return json.load(f)


_shipped: Catalogue | None = None


def shipped_catalogue() -> Catalogue:
	"""The catalogue shipped in the package fixtures (read once per process: it is immutable)."""
	global _shipped
	if _shipped is None:
		_shipped = Catalogue.from_documents(
			read_fixture("hezo_calendar.json"), read_fixture("hezo_service_plan.json")
		)
	return _shipped
