"""The RMA's lifecycle step (core/rma/lifecycle.py): every event's effects and every refusal, by its
reason. What happens when the faulty unit comes back is the `test_faulty_unit_back_*` group."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hezo_service.core import messages
from hezo_service.core.rma import lifecycle as lc

WAW = ZoneInfo("Europe/Warsaw")
TERMS = lc.ReturnTerms()
AT = datetime(2026, 12, 1, 13, 30, tzinfo=WAW)

OPEN = lc.RMA("RMA-1", "Open", "FAULTY-1")
RESERVED = replace(OPEN, status="Reserved", spare_unit="SPARE-1")
READY = replace(RESERVED, replacement_serial="SPARE-1", carrier="DHL", outbound_waybill="WB-OUT")
SHIPPED = replace(READY, status="Shipped")
DELIVERED = replace(SHIPPED, status="Delivered", delivered=True, return_waybill="WB-RET")
RETURNED = replace(DELIVERED, status="Returned", returned=True)


def step(rma: lc.RMA, kind: str, **event) -> lc.Effects:
	return lc.step(rma, lc.Event(kind, **event), TERMS, WAW)


def refused(rma: lc.RMA, kind: str, **event) -> str:
	with pytest.raises(lc.Refused) as caught:
		step(rma, kind, **event)
	assert caught.value.status == rma.status
	return caught.value.reason


def kinds(effects: lc.Effects) -> list[str]:
	return [m.kind for m in effects.messages]


# the defaults


def test_the_return_defaults_are_7_days_and_a_charge_after_14():
	assert (TERMS.return_days, TERMS.policy.charge_after_days) == (7, 14)
	with pytest.raises(ValueError):
		lc.ReturnTerms(return_days=-1)


def test_unknown_event_is_refused_by_its_reason():
	assert refused(OPEN, "teleport") == lc.UNKNOWN_EVENT
	assert set(lc.EVENTS) == set(lc._STEPS)


# reserve, await stock, cancel


def test_reserve_takes_the_unit_and_waiting_is_awaiting_stock():
	effects = step(OPEN, lc.RESERVE, unit="SPARE-1")
	assert (effects.status, effects.reserved_unit, effects.messages) == ("Reserved", "SPARE-1", ())
	assert lc.after(OPEN, effects).spare_unit == "SPARE-1"
	assert step(OPEN, lc.AWAIT_STOCK).status == "Awaiting Stock"
	assert step(replace(OPEN, status="Awaiting Stock"), lc.RESERVE, unit="S").status == "Reserved"


def test_reserve_refusals():
	assert refused(OPEN, lc.RESERVE) == lc.NO_UNIT
	hub = replace(OPEN, replacement_source=lc.MANUFACTURER_HUB)
	assert refused(hub, lc.RESERVE, unit="S") == lc.NOT_FROM_SPARE_STOCK
	assert refused(SHIPPED, lc.AWAIT_STOCK) == lc.NOT_BEFORE_SHIPPING


def test_cancel_before_shipping_releases_the_reserved_unit():
	assert step(RESERVED, lc.CANCEL) == lc.Effects("Cancelled", release_reservation=True)
	assert step(OPEN, lc.CANCEL) == lc.Effects("Cancelled", release_reservation=False)
	assert refused(SHIPPED, lc.CANCEL) == lc.NOT_BEFORE_SHIPPING
	assert refused(replace(OPEN, status="Cancelled"), lc.CANCEL) == lc.ALREADY_CLOSED


# ship


def test_shipping_a_spare_unit_moves_it_to_the_customer_and_tells_them():
	effects = step(READY, lc.SHIP)
	assert effects.status == "Shipped"
	assert effects.stock_move == lc.StockMove("SPARE-1", lc.SPARE, lc.CUSTOMER)
	assert effects.release_reservation
	assert kinds(effects) == [messages.REPLACEMENT_SHIPPED]


def test_shipping_from_the_hub_posts_no_stock():
	hub = replace(READY, replacement_source=lc.MANUFACTURER_HUB, spare_unit=None, status="Ordered")
	effects = step(hub, lc.SHIP)
	assert (effects.status, effects.stock_move, effects.release_reservation) == ("Shipped", None, False)


@pytest.mark.parametrize(
	("rma", "reason"),
	[
		(SHIPPED, lc.NOT_BEFORE_SHIPPING),
		(replace(READY, replacement_serial=None), lc.NO_REPLACEMENT_SERIAL),
		(replace(READY, outbound_waybill=None), lc.NO_WAYBILL),
		(replace(READY, carrier=None), lc.NO_WAYBILL),
		(replace(READY, spare_unit=None), lc.NO_SPARE_RESERVED),
		(replace(READY, replacement_serial="OTHER"), lc.NOT_THE_RESERVED_UNIT),
	],
)
def test_shipping_refusals(rma, reason):
	assert refused(rma, lc.SHIP) == reason


# deliver and the return waybill


def test_delivery_swaps_starts_the_7_day_clock_and_names_the_charge_day():
	effects = step(replace(SHIPPED, return_waybill=None), lc.DELIVER, at=AT)
	assert (effects.status, effects.return_status, effects.swap) == ("Delivered", "Awaiting return", True)
	# delivered on the 1st: due at the end of the 8th; chargeable from the start of the 23rd
	assert effects.return_due == datetime(2026, 12, 8, 23, 59, 59, tzinfo=WAW)
	assert effects.chargeable_from == datetime(2026, 12, 23, tzinfo=WAW)
	assert [(e.device, e.event, e.other) for e in effects.device_events] == [
		("FAULTY-1", "Replaced by", "SPARE-1"),
		("FAULTY-1", "Coverage moved out", "SPARE-1"),
		("SPARE-1", "Replaces", "FAULTY-1"),
		("SPARE-1", "Coverage moved in", "FAULTY-1"),
	]
	assert kinds(effects) == [messages.DELIVERED]  # no waybill yet: the instructions wait for it
	assert lc.after(SHIPPED, effects).delivered


def test_delivery_with_the_waybill_already_issued_sends_the_instructions_too():
	effects = step(replace(SHIPPED, return_waybill="WB-RET"), lc.DELIVER, at=AT)
	assert kinds(effects) == [messages.DELIVERED, messages.RETURN_INSTRUCTIONS]


def test_delivery_refusals():
	assert refused(READY, lc.DELIVER, at=AT) == lc.NOT_SHIPPED
	with pytest.raises(ValueError):
		step(SHIPPED, lc.DELIVER)


def test_the_return_waybill_sends_the_instructions_once_delivered():
	assert kinds(step(DELIVERED, lc.RETURN_WAYBILL)) == [messages.RETURN_INSTRUCTIONS]
	assert step(SHIPPED, lc.RETURN_WAYBILL) == lc.Effects("Shipped")


# the faulty unit comes back


def test_faulty_unit_back_to_the_desk():
	effects = step(DELIVERED, lc.FAULTY_BACK)
	assert (effects.status, effects.return_status) == ("Returned", "Received")
	assert effects.stock_move == lc.StockMove("FAULTY-1", None, lc.RETURNS)
	assert [(e.device, e.event) for e in effects.device_events] == [("FAULTY-1", "Returned")]
	assert (effects.device_status, effects.billable, effects.messages) == ("Returned", False, ())
	assert lc.after(DELIVERED, effects).returned


def test_faulty_unit_back_after_it_was_marked_chargeable_is_billable_no_more():
	charged = lc.after(DELIVERED, step(DELIVERED, lc.CHARGEABLE))
	assert charged.chargeable
	back = lc.after(charged, step(charged, lc.FAULTY_BACK))
	assert (back.chargeable, back.returned) == (False, True)
	assert refused(back, lc.CHARGEABLE) == lc.ALREADY_RETURNED  # and the job cannot charge it again


def test_faulty_unit_back_straight_to_the_manufacturer_lands_in_repair():
	effects = step(replace(DELIVERED, return_destination=lc.TO_THE_MANUFACTURER), lc.FAULTY_BACK)
	assert effects.stock_move == lc.StockMove("FAULTY-1", None, lc.REPAIR)


def test_faulty_unit_back_on_a_closed_rma_keeps_it_closed():
	assert step(replace(DELIVERED, status="Closed"), lc.FAULTY_BACK).status == "Closed"


def test_faulty_unit_back_refusals():
	assert refused(SHIPPED, lc.FAULTY_BACK) == lc.NO_RETURN_EXPECTED
	assert refused(RETURNED, lc.FAULTY_BACK) == lc.ALREADY_RETURNED


# to the manufacturer, restock, chargeable


def test_to_the_manufacturer_moves_returns_to_repair_once():
	effects = step(RETURNED, lc.TO_MANUFACTURER)
	assert (effects.status, effects.stock_move) == (
		"Returned",
		lc.StockMove("FAULTY-1", lc.RETURNS, lc.REPAIR),
	)
	sent = lc.after(RETURNED, effects)
	assert sent.sent_to_repair
	assert refused(sent, lc.TO_MANUFACTURER) == lc.NOT_AT_DESK
	assert refused(DELIVERED, lc.TO_MANUFACTURER) == lc.NOT_RETURNED
	direct = replace(RETURNED, return_destination=lc.TO_THE_MANUFACTURER)
	assert refused(direct, lc.TO_MANUFACTURER) == lc.NOT_AT_DESK


def test_restock_moves_the_unit_into_spare_stock():
	effects = step(RETURNED, lc.RESTOCK, unit="FAULTY-1")
	assert (effects.stock_move, effects.device_status) == (
		lc.StockMove("FAULTY-1", lc.REPAIR, lc.SPARE),
		"Spare",
	)
	assert refused(RETURNED, lc.RESTOCK) == lc.NO_UNIT


def test_chargeable_marks_an_unreturned_delivered_unit_billable():
	effects = step(DELIVERED, lc.CHARGEABLE)
	assert (effects.status, effects.return_status, effects.billable) == ("Delivered", "Overdue", True)
	assert refused(SHIPPED, lc.CHARGEABLE) == lc.NOT_DELIVERED
	assert lc.after(DELIVERED, lc.Effects("Delivered")).chargeable is False  # unchanged
