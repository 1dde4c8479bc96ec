"""RMA lifecycle: created from a ticket whose validity is confirmed, a replacement reserved from spare
stock (services/rma/spare_stock.py) or ordered from the manufacturer's hub, shipped, delivered (the serial
swap, one transaction), the faulty unit's return, its trip to the manufacturer / repair and the on-site
visit. Each step that moves a unit posts its stock transaction (services/rma/stock_moves.py).

The RMA's delivery (NBD-S: shipping; on-site plans: the engineer's arrival) feeds the ticket's own
`delivered_at`, and the ticket's flow (services/ticket_flow.py, services/clocks.py) settles its
delivery clock: the clock is never computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import frappe
from frappe import _

from hezo_service.core import messages
from hezo_service.core.rma import flow
from hezo_service.core.rma.returns import return_payer
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.contracts.catalogue import get_catalogue, rules_for
from hezo_service.services.contracts.devices import DeviceError, device_info, set_service_status, take_over
from hezo_service.services.rma import rma_messages, stock_moves
from hezo_service.services.tickets.intake import normalise_serial

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_rma.hezo_rma import HEZORMA


class RMAError(frappe.ValidationError):
	http_status_code = 422


class RMAStateError(frappe.ValidationError):
	http_status_code = 409


class CoverageSwapError(frappe.ValidationError):
	http_status_code = 409


def validate(rma: HEZORMA) -> None:
	at = now()
	previous = rma.get_doc_before_save()
	if rma.is_new():
		from_ticket(rma)
	elif previous.ticket != rma.ticket:
		frappe.throw(_("The ticket of an RMA cannot change."), RMAStateError)
	if rma.replacement_serial:
		rma.replacement_serial = normalise_serial(rma.replacement_serial)
		if rma.replacement_serial == rma.faulty_device:
			frappe.throw(_("The replacement cannot have the faulty unit's serial number."), RMAError)
	if previous and previous.status != rma.status and not flow.can_move(previous.status, rma.status):
		frappe.throw(
			_("An RMA cannot go from {0} to {1}.").format(_(previous.status), _(rma.status)), RMAStateError
		)
	if rma.replacement_source == "Manufacturer hub" and rma.status in ("Open", "Awaiting Stock"):
		rma.status = "Ordered"
	check_times(rma)
	if rma.shipped_at and not (previous and previous.shipped_at):
		ship(rma, at)
	if rma.delivered_at and not (previous and previous.delivered_at):
		deliver(rma)
	# the return instructions name the prepaid waybill: sent once the unit is delivered and it is issued
	if (
		rma.delivered_at
		and rma.return_waybill
		and not (previous and previous.delivered_at and previous.return_waybill)
	):
		rma_messages.queue(rma, messages.RETURN_INSTRUCTIONS)
	if rma.return_received_at and not (previous and previous.return_received_at):
		receive_return(rma)
	if rma.sent_to_repair_at and not (previous and previous.sent_to_repair_at):
		send_to_repair(rma)


def from_ticket(rma: HEZORMA) -> None:
	"""An RMA needs a confirmed failure: the ticket's validity confirmed (verification done)."""
	ticket = frappe.get_doc("HEZO Ticket", rma.ticket)
	if not ticket.validity_confirmed_at:
		frappe.throw(
			_("Ticket {0}: the failure is not confirmed yet; confirm validity before opening an RMA.").format(
				ticket.name
			),
			RMAStateError,
		)
	if not ticket.device or not ticket.contract:
		frappe.throw(_("Ticket {0} names no covered device.").format(ticket.name), RMAError)
	duplicate = frappe.db.get_value(
		"HEZO RMA", {"ticket": ticket.name, "status": ["not in", ("Cancelled",)]}, "name"
	)
	if duplicate:
		frappe.throw(_("Ticket {0} already has RMA {1}.").format(ticket.name, duplicate), RMAStateError)
	device = device_info(ticket.device) or frappe._dict()
	rma.customer, rma.contract, rma.plan, rma.priority = (
		ticket.customer,
		ticket.contract,
		ticket.plan,
		ticket.priority,
	)
	rma.faulty_device = ticket.device
	rma.vendor, rma.model = device.vendor, device.model
	rma.validity_confirmed_at = ticket.validity_confirmed_at
	rma.delivery_kind = ticket.delivery_kind
	rma.return_payer = return_payer(
		frappe.db.get_value("HEZO Service Plan", ticket.plan, "return_shipping_payer")
	)
	if rma.replacement_source == "Manufacturer hub":
		rma.status = "Ordered"


def check_times(rma: HEZORMA) -> None:
	confirmed = aware(rma.validity_confirmed_at)
	shipped, delivered, received = (
		aware(rma.shipped_at),
		aware(rma.delivered_at),
		aware(rma.return_received_at),
	)
	if shipped and confirmed and shipped < confirmed:
		frappe.throw(_("The replacement cannot ship before the failure was confirmed."), RMAError)
	if delivered and not shipped:
		frappe.throw(_("Record when the replacement shipped before its delivery."), RMAError)
	if delivered and delivered < shipped:
		frappe.throw(_("The replacement cannot be delivered before it shipped."), RMAError)
	if received and not delivered:
		frappe.throw(_("The faulty unit comes back after the replacement is delivered."), RMAError)
	if received and received < delivered:
		frappe.throw(_("The faulty unit cannot come back before the replacement was delivered."), RMAError)
	repair = aware(rma.sent_to_repair_at)
	if repair and not received:
		frappe.throw(_("Receive the faulty unit before sending it to the manufacturer / repair."), RMAError)
	if repair and repair < received:
		frappe.throw(_("The faulty unit cannot leave for repair before it came back."), RMAError)
	for label, value in (
		(_("Shipped"), shipped),
		(_("Delivered"), delivered),
		(_("Return received"), received),
		(_("Sent to the manufacturer / repair"), repair),
	):
		if value and value > now():
			frappe.throw(_("{0} cannot be in the future.").format(label), RMAError)


def ship(rma: HEZORMA, at) -> None:
	if rma.status not in flow.BEFORE_SHIPPING:
		frappe.throw(_("RMA {0} is {1}; it cannot ship.").format(rma.name, _(rma.status)), RMAStateError)
	if not rma.replacement_serial:
		frappe.throw(_("Record the replacement's serial number before shipping."), RMAError)
	if not (rma.carrier and rma.outbound_waybill):
		frappe.throw(_("Record the carrier and the outbound waybill before shipping."), RMAError)
	if rma.replacement_source == "Spare stock" and not rma.spare_unit:
		frappe.throw(_("No spare unit is reserved for this RMA yet."), RMAStateError)
	if rma.spare_unit:
		if rma.replacement_serial != rma.spare_unit:
			frappe.throw(
				_("The replacement shipped from spare stock is the reserved unit {0}.").format(
					rma.spare_unit
				),
				RMAError,
			)
		stock_moves.ship_replacement(rma)
	rma.status = "Shipped"
	rma_messages.queue(rma, messages.REPLACEMENT_SHIPPED)
	if rma.delivery_kind == "nbd_ship":
		feed_ticket(rma.ticket, rma.shipped_at)


def deliver(rma: HEZORMA) -> None:
	"""Delivery: the serial swap (all or nothing), the return clock, the ticket's delivery clock."""
	if rma.status != "Shipped":
		frappe.throw(
			_("RMA {0} is {1}; only a shipped replacement can be delivered.").format(rma.name, _(rma.status)),
			RMAStateError,
		)
	frappe.db.savepoint("hezo_rma_swap")
	try:
		rma.replacement_device = swap_serials(rma)
		rma.status = "Delivered"
		rma.return_due = stored(rules_for(rma.plan, rma.priority).return_due(aware(rma.delivered_at)))
		rma.return_status = "Awaiting return"
		rma_messages.queue(rma, messages.DELIVERED)
		onsite = get_catalogue().plan(rma.plan).onsite if rma.plan else False
		if rma.delivery_kind not in ("nbd_ship", None, "") and not onsite:
			feed_ticket(rma.ticket, rma.delivered_at)
	except Exception:
		frappe.db.rollback(save_point="hezo_rma_swap")
		raise


def swap_serials(rma: HEZORMA) -> str:
	"""The replacement takes over the faulty unit's contract coverage: the contract's row is moved from
	one serial to the other in the same transaction as the devices' genealogy
	(services/contracts/devices.py `take_over`), so the coverage is never missing and never doubled
	(the contract's own validation refuses a replacement that another contract covers). Saving the
	contract restates both Serial Nos' coverage (`sync_coverage`)."""
	at = stored(aware(rma.delivered_at))
	faulty = rma.faulty_device
	try:
		replacement = take_over(faulty, rma.replacement_serial)
	except DeviceError as error:
		frappe.clear_last_message()
		frappe.throw(str(error), CoverageSwapError)
	model, site_address = frappe.db.get_value("Serial No", replacement, ["item_code", "hezo_site_address"])

	contract = frappe.get_doc("HEZO Contract", rma.contract, for_update=True)
	rows = [row for row in contract.devices if row.device == faulty]
	if not rows:
		frappe.throw(
			_("Contract {0} no longer covers {1}; the coverage cannot move.").format(contract.name, faulty),
			CoverageSwapError,
		)
	for row in rows:
		row.device = replacement
		row.model = model
		row.site_address = site_address
	contract.add_comment("Info", _("RMA {0}: {1} replaced by {2}.").format(rma.name, faulty, replacement))
	try:
		contract.save(ignore_permissions=True)
	except frappe.ValidationError as error:  # e.g. the replacement is covered by another contract
		frappe.clear_last_message()
		frappe.throw(str(error), CoverageSwapError)

	for device, event, other in (
		(faulty, "Replaced by", replacement),
		(faulty, "Coverage moved out", replacement),
		(replacement, "Replaces", faulty),
		(replacement, "Coverage moved in", faulty),
	):
		device_event(device, event, at, other=other, rma=rma.name, contract=contract.name)
	return replacement


def receive_return(rma: HEZORMA) -> None:
	if rma.status not in ("Delivered", "Closed"):
		frappe.throw(
			_("RMA {0} is {1}; no return is expected yet.").format(rma.name, _(rma.status)), RMAStateError
		)
	rma.return_status = "Received"
	rma.status = "Returned" if rma.status == "Delivered" else rma.status
	stock_moves.receive_faulty(rma)
	set_service_status(rma.faulty_device, "Returned")
	note = _("Condition: {0}; to {1}").format(
		_(rma.return_condition or "-"), _(rma.return_destination or "Desk")
	)
	device_event(
		rma.faulty_device, "Returned", stored(aware(rma.return_received_at)), rma=rma.name, note=note
	)


def send_to_repair(rma: HEZORMA) -> None:
	"""The returned unit leaves the returns warehouse for the manufacturer / repair."""
	if rma.return_destination == "Manufacturer":
		frappe.throw(
			_("RMA {0}: the unit went straight to the manufacturer; it is not at the desk.").format(rma.name),
			RMAStateError,
		)
	stock_moves.send_to_repair(rma)


def device_event(device: str, event: str, at, other=None, rma=None, contract=None, note=None) -> None:
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


def feed_ticket(ticket_name: str, at) -> None:
	"""Meet the ticket's delivery clock through the ticket's own flow (validate -> clocks.apply). The
	first delivery counts: a later one never moves it."""
	ticket = frappe.get_doc("HEZO Ticket", ticket_name)
	if ticket.delivered_at and aware(ticket.delivered_at) <= aware(at):
		return
	ticket.delivered_at = stored(aware(at))
	ticket.flags.from_rma = True
	ticket.save(ignore_permissions=True)


def visit_validate(visit) -> None:
	"""On-site service (SOS): the engineer's arrival meets the ticket's on-site clock (the delivery
	clock of an on-site plan)."""
	ticket = frappe.get_doc("HEZO Ticket", visit.ticket)
	if visit.rma and frappe.db.get_value("HEZO RMA", visit.rma, "ticket") != visit.ticket:
		frappe.throw(_("RMA {0} belongs to another ticket.").format(visit.rma), RMAError)
	arrived = aware(visit.arrived_at)
	if arrived and arrived > now():
		frappe.throw(_("{0} cannot be in the future.").format(_("Arrived on site")), RMAError)
	if arrived and ticket.validity_confirmed_at and arrived < aware(ticket.validity_confirmed_at):
		frappe.throw(_("The engineer cannot arrive before the failure was confirmed."), RMAError)
	if visit.left_at and arrived and aware(visit.left_at) < arrived:
		frappe.throw(_("The engineer cannot leave before arriving."), RMAError)
	if visit.config_restored and not visit.config_copy:
		frappe.throw(_("Attach the customer's configuration copy that was restored."), RMAError)
	previous = visit.get_doc_before_save()
	onsite = bool(ticket.plan and get_catalogue().plan(ticket.plan).onsite)
	if arrived and onsite and not (previous and previous.arrived_at):
		feed_ticket(ticket.name, visit.arrived_at)
		ticket.reload()
	visit.onsite_due = ticket.delivery_due if onsite else None
	visit.onsite_state = ticket.delivery_state if onsite else None
