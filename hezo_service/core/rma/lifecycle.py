"""The RMA's lifecycle as one pure step: the facts of an RMA and one event in, the effects out (the new
status and return state, the due dates, the stock move to post, the device events, whether the unit is
billable, the customer messages). services/rma/lifecycle.py applies the effects to the documents; no
rule of what an event does lives anywhere else.

What happens when the faulty unit comes back (`FAULTY_BACK`): the RMA is Returned (a closed one stays
Closed), the return is Received, which ends the return reminders (the daily job only looks at returns
not received); the unit is received at zero valuation into the returns warehouse, or the repair
warehouse when it went straight to the manufacturer; the device's log says "Returned"; and the unit is
no longer billable, even when the returns job had already marked it chargeable (finance bills only
units still out: services/billing/billable_lines.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hezo_service.core import messages
from hezo_service.core.rma.flow import BEFORE_SHIPPING
from hezo_service.core.rma.returns import ReturnPolicy
from hezo_service.core.sla.catalogue import DEFAULT_RETURN_DAYS
from hezo_service.core.sla.clocks import end_of_nth_day

RESERVE = "reserve"  # a spare unit is reserved for the RMA
AWAIT_STOCK = "await_stock"  # no spare unit is free: the RMA waits for one
SHIP = "ship"  # the replacement leaves (carrier, waybill, shipped time)
DELIVER = "deliver"  # the replacement arrives: the serial swap, the return clock
RETURN_WAYBILL = "return_waybill"  # the prepaid return waybill is issued
FAULTY_BACK = "faulty_back"  # the faulty unit comes back
TO_MANUFACTURER = "to_manufacturer"  # the returned unit leaves for the manufacturer / repair
RESTOCK = "restock"  # a (repaired) unit enters spare stock
CHARGEABLE = "chargeable"  # the returns job: unreturned too long, finance charges it
CANCEL = "cancel"
EVENTS = (
	RESERVE,
	AWAIT_STOCK,
	SHIP,
	DELIVER,
	RETURN_WAYBILL,
	FAULTY_BACK,
	TO_MANUFACTURER,
	RESTOCK,
	CHARGEABLE,
	CANCEL,
)

# stock roles: the service maps each to a warehouse (HEZO Settings, the unit's own spare warehouse)
SPARE, CUSTOMER, RETURNS, REPAIR = "spare", "customer", "returns", "repair"
SPARE_STOCK, MANUFACTURER_HUB = "Spare stock", "Manufacturer hub"
TO_THE_MANUFACTURER = "Manufacturer"  # return_destination: the customer sent it straight there


@dataclass(frozen=True)
class ReturnTerms:
	"""The return's terms: the plan's return clock (7 days unless the plan says otherwise) and the
	reminders and charge of HEZO Settings (core/rma/returns.py holds their defaults, the 14 days)."""

	return_days: int = DEFAULT_RETURN_DAYS  # due at the end of the 7th calendar day after delivery
	policy: ReturnPolicy = field(default_factory=ReturnPolicy)

	def __post_init__(self) -> None:
		if self.return_days < 0:
			raise ValueError("return days cannot be negative")

	def return_due(self, delivered: datetime, tz: ZoneInfo) -> datetime:
		return end_of_nth_day(delivered, self.return_days, tz)

	def chargeable_from(self, return_due: datetime, tz: ZoneInfo) -> datetime:
		"""The first instant the returns job may charge: the start of day due + charge_after_days + 1."""
		day = return_due.astimezone(tz).date() + timedelta(days=self.policy.charge_after_days + 1)
		return datetime(day.year, day.month, day.day, tzinfo=tz)


@dataclass(frozen=True)
class RMA:
	"""What the step needs to know of an RMA."""

	name: str
	status: str
	faulty_device: str
	replacement_source: str = SPARE_STOCK
	spare_unit: str | None = None
	replacement_serial: str | None = None
	carrier: str | None = None
	outbound_waybill: str | None = None
	delivered: bool = False
	return_waybill: str | None = None
	returned: bool = False
	return_destination: str = "Desk"
	sent_to_repair: bool = False
	chargeable: bool = False


@dataclass(frozen=True)
class Event:
	kind: str
	at: datetime | None = None
	unit: str | None = None  # RESERVE: the reserved spare unit; RESTOCK: the unit entering spare stock


@dataclass(frozen=True)
class StockMove:
	"""One unit moved on the stock ledger, between stock roles (None: from / to outside our stock)."""

	serial: str
	source: str | None
	target: str | None


@dataclass(frozen=True)
class DeviceEvent:
	device: str
	event: str
	other: str | None = None


@dataclass(frozen=True)
class Message:
	"""A customer message (core/messages.py) and the facts it needs beyond the RMA itself."""

	kind: str
	overdue: bool = False


@dataclass(frozen=True)
class Effects:
	status: str
	return_status: str | None = None  # None: unchanged
	return_due: datetime | None = None
	chargeable_from: datetime | None = None
	stock_move: StockMove | None = None
	reserved_unit: str | None = None
	release_reservation: bool = False
	device_events: tuple[DeviceEvent, ...] = ()
	device_status: str | None = None  # the faulty unit's service status
	swap: bool = False  # the replacement takes over the faulty unit's contract coverage
	billable: bool | None = None  # None: unchanged
	messages: tuple[Message, ...] = ()


# why an event is refused: values the service maps to a Polish + English message
NOT_BEFORE_SHIPPING = "not_before_shipping"
NOT_SHIPPED = "not_shipped"
NOT_DELIVERED = "not_delivered"
NO_RETURN_EXPECTED = "no_return_expected"
ALREADY_RETURNED = "already_returned"
NOT_AT_DESK = "not_at_desk"
NOT_RETURNED = "not_returned"
NO_REPLACEMENT_SERIAL = "no_replacement_serial"
NO_WAYBILL = "no_waybill"
NO_SPARE_RESERVED = "no_spare_reserved"
NOT_THE_RESERVED_UNIT = "not_the_reserved_unit"
NOT_FROM_SPARE_STOCK = "not_from_spare_stock"
ALREADY_CLOSED = "already_closed"
NO_UNIT = "no_unit"
UNKNOWN_EVENT = "unknown_event"


class Refused(ValueError):
	"""An event the RMA's state does not allow; `reason` is one of the values above."""

	def __init__(self, reason: str, status: str):
		super().__init__(reason)
		self.reason = reason
		self.status = status


def step(rma: RMA, event: Event, terms: ReturnTerms, tz: ZoneInfo) -> Effects:
	"""The effects of `event` on `rma`, or Refused."""
	decide = _STEPS.get(event.kind)
	if decide is None:
		raise Refused(UNKNOWN_EVENT, rma.status)
	return decide(rma, event, terms, tz)


def _reserve(rma: RMA, event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	_from_spare_stock_before_shipping(rma)
	if not event.unit:
		raise Refused(NO_UNIT, rma.status)
	return Effects("Reserved", reserved_unit=event.unit)


def _await_stock(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	_from_spare_stock_before_shipping(rma)
	return Effects("Awaiting Stock")


def _from_spare_stock_before_shipping(rma: RMA) -> None:
	if rma.replacement_source != SPARE_STOCK:
		raise Refused(NOT_FROM_SPARE_STOCK, rma.status)
	if rma.status not in ("Open", "Awaiting Stock", "Reserved"):
		raise Refused(NOT_BEFORE_SHIPPING, rma.status)


def _ship(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	if rma.status not in BEFORE_SHIPPING:
		raise Refused(NOT_BEFORE_SHIPPING, rma.status)
	if not rma.replacement_serial:
		raise Refused(NO_REPLACEMENT_SERIAL, rma.status)
	if not (rma.carrier and rma.outbound_waybill):
		raise Refused(NO_WAYBILL, rma.status)
	if rma.replacement_source == SPARE_STOCK and not rma.spare_unit:
		raise Refused(NO_SPARE_RESERVED, rma.status)
	move = None
	if rma.spare_unit:
		if rma.replacement_serial != rma.spare_unit:
			raise Refused(NOT_THE_RESERVED_UNIT, rma.status)
		move = StockMove(rma.spare_unit, SPARE, CUSTOMER)  # a Delivery Note to the customer
	return Effects(
		"Shipped",
		stock_move=move,
		release_reservation=bool(move),
		messages=(Message(messages.REPLACEMENT_SHIPPED),),
	)


def _deliver(rma: RMA, event: Event, terms: ReturnTerms, tz: ZoneInfo) -> Effects:
	if rma.status != "Shipped":
		raise Refused(NOT_SHIPPED, rma.status)
	if event.at is None:
		raise ValueError("a delivery has a time")
	due = terms.return_due(event.at, tz)
	sent: tuple[Message, ...] = (Message(messages.DELIVERED),)
	if rma.return_waybill:  # the instructions name the prepaid waybill
		sent += (Message(messages.RETURN_INSTRUCTIONS),)
	replacement = rma.replacement_serial or ""
	return Effects(
		"Delivered",
		return_status="Awaiting return",
		return_due=due,
		chargeable_from=terms.chargeable_from(due, tz),
		swap=True,
		device_events=(
			DeviceEvent(rma.faulty_device, "Replaced by", replacement),
			DeviceEvent(rma.faulty_device, "Coverage moved out", replacement),
			DeviceEvent(replacement, "Replaces", rma.faulty_device),
			DeviceEvent(replacement, "Coverage moved in", rma.faulty_device),
		),
		messages=sent,
	)


def _return_waybill(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	"""The waybill issued after delivery: now the instructions can go out (before it, they wait)."""
	if not rma.delivered:
		return Effects(rma.status)
	return Effects(rma.status, messages=(Message(messages.RETURN_INSTRUCTIONS),))


def _faulty_back(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	if rma.returned:
		raise Refused(ALREADY_RETURNED, rma.status)
	if rma.status not in ("Delivered", "Closed"):
		raise Refused(NO_RETURN_EXPECTED, rma.status)
	target = REPAIR if rma.return_destination == TO_THE_MANUFACTURER else RETURNS
	return Effects(
		"Returned" if rma.status == "Delivered" else rma.status,
		return_status="Received",  # the reminders stop: the job only chases returns not received
		stock_move=StockMove(rma.faulty_device, None, target),  # a receipt at zero valuation
		device_events=(DeviceEvent(rma.faulty_device, "Returned"),),
		device_status="Returned",
		billable=False,  # back: nothing to charge, even if it had been marked chargeable
	)


def _to_manufacturer(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	if not rma.returned:
		raise Refused(NOT_RETURNED, rma.status)
	if rma.return_destination == TO_THE_MANUFACTURER or rma.sent_to_repair:
		raise Refused(NOT_AT_DESK, rma.status)
	return Effects(rma.status, stock_move=StockMove(rma.faulty_device, RETURNS, REPAIR))


def _restock(rma: RMA, event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	"""A unit that came back on this RMA (repaired, or the manufacturer's exchange) joins spare stock."""
	if not event.unit:
		raise Refused(NO_UNIT, rma.status)
	return Effects(rma.status, stock_move=StockMove(event.unit, REPAIR, SPARE), device_status="Spare")


def _chargeable(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	if rma.returned:
		raise Refused(ALREADY_RETURNED, rma.status)
	if not rma.delivered:
		raise Refused(NOT_DELIVERED, rma.status)
	return Effects(rma.status, return_status="Overdue", billable=True)


def _cancel(rma: RMA, _event: Event, _terms: ReturnTerms, _tz: ZoneInfo) -> Effects:
	if rma.status in ("Cancelled", "Closed"):
		raise Refused(ALREADY_CLOSED, rma.status)
	if rma.status not in BEFORE_SHIPPING:
		raise Refused(NOT_BEFORE_SHIPPING, rma.status)
	return Effects("Cancelled", release_reservation=bool(rma.spare_unit))


_STEPS = {
	RESERVE: _reserve,
	AWAIT_STOCK: _await_stock,
	SHIP: _ship,
	DELIVER: _deliver,
	RETURN_WAYBILL: _return_waybill,
	FAULTY_BACK: _faulty_back,
	TO_MANUFACTURER: _to_manufacturer,
	RESTOCK: _restock,
	CHARGEABLE: _chargeable,
	CANCEL: _cancel,
}


def after(rma: RMA, effects: Effects) -> RMA:
	"""The RMA's facts once the effects are applied (a sequence of events in one save)."""
	return replace(
		rma,
		status=effects.status,
		delivered=rma.delivered or effects.swap,
		returned=rma.returned or effects.return_status == "Received",
		sent_to_repair=rma.sent_to_repair
		or effects.stock_move == StockMove(rma.faulty_device, RETURNS, REPAIR),
		chargeable=rma.chargeable if effects.billable is None else effects.billable,
		spare_unit=effects.reserved_unit or rma.spare_unit,
	)
