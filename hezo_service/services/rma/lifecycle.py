"""Applies one step of the RMA's lifecycle (core/rma/lifecycle.py decides) to the documents: the RMA's
status, return state and due date, the stock transaction on ERPNext's stock ledger
(services/rma/stock_moves.py), the serial swap, the device events, the billable flag, and the customer
messages, queued on the RMA and sent by its on_update (services/rma/rma_messages.py) once it is saved.
A refused event is a 409 with its reason in Polish and English."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import frappe
from frappe import _

from hezo_service.core.rma import lifecycle as lc
from hezo_service.services.common import settings
from hezo_service.services.common.timezone import aware, site_zone, stored
from hezo_service.services.contracts.devices import set_service_status
from hezo_service.services.rma import rma_messages, stock_moves

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_rma.hezo_rma import HEZORMA


class RMAStateError(frappe.ValidationError):
	"""The RMA's state does not allow the step (a 409)."""

	http_status_code = 409


class RMAError(frappe.ValidationError):
	"""The RMA lacks what the step needs (a serial, a waybill): the desk's input, a 422."""

	http_status_code = 422


# the reasons that ask the desk for missing input; every other refusal is the RMA's state (409)
INCOMPLETE = frozenset({lc.NO_REPLACEMENT_SERIAL, lc.NO_WAYBILL, lc.NOT_THE_RESERVED_UNIT, lc.NO_UNIT})


def reason_text(reason: str) -> str:
	"""The refusal's message; {0} the RMA, {1} its status, {2} the reserved unit."""
	texts = {
		lc.NOT_BEFORE_SHIPPING: _("RMA {0} is {1}; it cannot ship."),
		lc.NOT_SHIPPED: _("RMA {0} is {1}; only a shipped replacement can be delivered."),
		lc.NOT_DELIVERED: _("RMA {0} is {1}; its replacement is not delivered yet."),
		lc.NO_RETURN_EXPECTED: _("RMA {0} is {1}; no return is expected yet."),
		lc.ALREADY_RETURNED: _("RMA {0}: the faulty unit is already back."),
		lc.NOT_AT_DESK: _("RMA {0}: the unit went straight to the manufacturer; it is not at the desk."),
		lc.NOT_RETURNED: _("Receive the faulty unit before sending it to the manufacturer / repair."),
		lc.NO_REPLACEMENT_SERIAL: _("Record the replacement's serial number before shipping."),
		lc.NO_WAYBILL: _("Record the carrier and the outbound waybill before shipping."),
		lc.NO_SPARE_RESERVED: _("No spare unit is reserved for this RMA yet."),
		lc.NOT_THE_RESERVED_UNIT: _("The replacement shipped from spare stock is the reserved unit {2}."),
		lc.NOT_FROM_SPARE_STOCK: _("RMA {0} is {1}; it takes no unit from spare stock."),
		lc.ALREADY_CLOSED: _("RMA {0} is {1}; it cannot be cancelled."),
		lc.NO_UNIT: _("RMA {0}: name the unit."),
		lc.UNKNOWN_EVENT: _("RMA {0}: unknown step."),
	}
	return texts[reason]


def facts(rma: HEZORMA, before) -> lc.RMA:
	"""The step's facts: the RMA as it is now, its times as they were `before` this save (an RMA being
	saved: its previous version, or nothing for a new one; the returns job: the RMA itself)."""
	return lc.RMA(
		name=rma.name,
		status=rma.status,
		faulty_device=rma.faulty_device,
		replacement_source=rma.replacement_source or lc.SPARE_STOCK,
		spare_unit=rma.spare_unit,
		replacement_serial=rma.replacement_serial,
		carrier=rma.carrier,
		outbound_waybill=rma.outbound_waybill,
		delivered=bool(before.get("delivered_at")),
		return_waybill=rma.return_waybill,
		returned=bool(before.get("return_received_at")),
		return_destination=rma.return_destination or "Desk",
		sent_to_repair=bool(before.get("sent_to_repair_at")),
		chargeable=bool(rma.chargeable),
	)


def apply(rma: HEZORMA, events: list[lc.Event], before) -> list[lc.Effects]:
	"""Decide each event in turn on the RMA and apply every effect; the caller saves the RMA."""
	current = facts(rma, before)
	terms = settings.return_terms(rma.plan)
	done = []
	for event in events:
		try:
			effects = lc.step(current, event, terms, site_zone())
		except lc.Refused as refused:
			error = RMAError if refused.reason in INCOMPLETE else RMAStateError
			frappe.throw(
				reason_text(refused.reason).format(rma.name, _(refused.status), rma.spare_unit), error
			)
		apply_effects(rma, event, effects)
		current = lc.after(current, effects)
		done.append(effects)
	return done


def apply_effects(rma: HEZORMA, event: lc.Event, effects: lc.Effects) -> None:
	rma.status = effects.status
	if effects.return_status:
		rma.return_status = effects.return_status
	if effects.return_due:
		rma.return_due = stored(effects.return_due)
	if effects.swap:
		from hezo_service.services.rma.rma import swap_serials  # the coverage move lives with the RMA

		rma.replacement_device = swap_serials(rma)
	if effects.stock_move:
		stock_moves.post(rma, effects.stock_move)
	for device in effects.device_events:
		device_event(rma, device, event.at)
	if effects.device_status:
		set_service_status(rma.faulty_device, effects.device_status)
	if effects.billable is not None:
		rma.chargeable = int(effects.billable)
	rma_messages.queue(rma, *(message.kind for message in effects.messages))


def device_event(rma: HEZORMA, event: lc.DeviceEvent, at: datetime | None) -> None:
	note = None
	if event.event == "Returned":
		note = _("Condition: {0}; to {1}").format(
			_(rma.return_condition or "-"), _(rma.return_destination or "Desk")
		)
	record_device_event(
		event.device,
		event.event,
		stored(aware(at)) if at else None,
		other=event.other,
		rma=rma.name,
		contract=rma.contract if event.other else None,
		note=note,
	)


def record_device_event(device: str, event: str, at, other=None, rma=None, contract=None, note=None) -> None:
	"""One line of a device's log (HEZO Device Event), e.g. its genealogy."""
	frappe.get_doc(
		{
			"doctype": "HEZO Device Event",
			"device": device,
			"event": event,
			"at": at,
			"other_device": other,
			"rma": rma,
			"contract": contract,
			"user": frappe.session.user,
			"note": note,
		}
	).insert(ignore_permissions=True)
