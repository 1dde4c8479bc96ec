"""RMA lifecycle: created from a ticket whose validity is confirmed, a replacement reserved from spare
stock (services/rma/spare_stock.py) or ordered from the manufacturer's hub, shipped, delivered (the serial
swap, one transaction), the faulty unit's return, its trip to the manufacturer / repair and the on-site
visit. What each step does is decided in one place, core/rma/lifecycle.py, and applied by
services/rma/lifecycle.py; this module checks the desk's input and finds the steps a save records.

The RMA's delivery (NBD-S: shipping; on-site plans: the engineer's arrival) feeds the ticket's own
`delivered_at`, and the ticket's flow (services/tickets/ticket_flow.py, services/tickets/clocks.py) settles its
delivery clock: the clock is never computed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import frappe
from frappe import _

from hezo_service.core.rma import flow
from hezo_service.core.rma import lifecycle as lc
from hezo_service.core.rma.returns import return_payer
from hezo_service.services.common.timezone import aware, now, stored
from hezo_service.services.contracts.catalogue import get_catalogue
from hezo_service.services.contracts.devices import DeviceError, device_info, take_over
from hezo_service.services.rma import lifecycle
from hezo_service.services.rma.lifecycle import RMAError, RMAStateError
from hezo_service.services.tickets.intake import normalise_serial

if TYPE_CHECKING:
	from hezo_service.hezo_service.doctype.hezo_rma.hezo_rma import HEZORMA


class CoverageSwapError(frappe.ValidationError):
	http_status_code = 409


def validate(rma: HEZORMA) -> None:
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
	steps(rma, previous)


def newly(rma: HEZORMA, previous, *fieldnames: str) -> bool:
	"""Every field is set now and not all of them were before this save."""
	return all(rma.get(f) for f in fieldnames) and not (previous and all(previous.get(f) for f in fieldnames))


def steps(rma: HEZORMA, previous) -> None:
	"""The lifecycle's events this save records (the times the desk filled in), decided and applied by
	services/rma/lifecycle.py, all or nothing; then the ticket's delivery clock is fed."""
	events = []
	if newly(rma, previous, "shipped_at"):
		events.append(lc.Event(lc.SHIP, aware(rma.shipped_at)))
	if newly(rma, previous, "delivered_at"):
		events.append(lc.Event(lc.DELIVER, aware(rma.delivered_at)))
	elif newly(rma, previous, "delivered_at", "return_waybill"):
		events.append(lc.Event(lc.RETURN_WAYBILL))
	if newly(rma, previous, "return_received_at"):
		events.append(lc.Event(lc.FAULTY_BACK, aware(rma.return_received_at)))
	if newly(rma, previous, "sent_to_repair_at"):
		events.append(lc.Event(lc.TO_MANUFACTURER, aware(rma.sent_to_repair_at)))
	if not events:
		return
	frappe.db.savepoint("hezo_rma_step")
	try:
		lifecycle.apply(rma, events, previous or frappe._dict())
	except Exception:
		frappe.db.rollback(save_point="hezo_rma_step")
		raise
	kinds = {event.kind for event in events}
	if lc.SHIP in kinds and rma.delivery_kind == "nbd_ship":
		feed_ticket(rma.ticket, rma.shipped_at)
	onsite = get_catalogue().plan(rma.plan).onsite if rma.plan else False
	if lc.DELIVER in kinds and rma.delivery_kind not in ("nbd_ship", None, "") and not onsite:
		feed_ticket(rma.ticket, rma.delivered_at)


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


def swap_serials(rma: HEZORMA) -> str:
	"""The replacement takes over the faulty unit's contract coverage: the row of the contract, and of
	its renewals already made, is moved from one serial to the other in the same transaction as the
	devices' genealogy (services/contracts/devices.py `take_over`), so the coverage is never missing and
	never doubled (the contract's own validation refuses a replacement that another contract covers).
	Saving the contract restates both Serial Nos' coverage (`sync_coverage`)."""
	faulty = rma.faulty_device
	try:
		replacement = take_over(faulty, rma.replacement_serial)
	except DeviceError as error:
		frappe.clear_last_message()
		frappe.throw(str(error), CoverageSwapError)
	model, site_address = frappe.db.get_value("Serial No", replacement, ["item_code", "hezo_site_address"])

	for name in renewal_chain(rma.contract):
		contract = frappe.get_doc("HEZO Contract", name, for_update=True)
		rows = [row for row in contract.devices if row.device == faulty]
		if not rows:
			if name != rma.contract:
				continue  # a renewal that left the unit out: nothing of its to move
			frappe.throw(
				_("Contract {0} no longer covers {1}; the coverage cannot move.").format(
					contract.name, faulty
				),
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
	return replacement  # the devices' events are the lifecycle step's (services/rma/lifecycle.py)


def renewal_chain(contract: str) -> list[str]:
	"""The contract and the renewals already made of it, in order: a renewal carries the devices over,
	so a unit replaced now is the one its renewals cover."""
	chain = [contract]
	while (
		following := frappe.db.get_value("HEZO Contract", chain[-1], "renewed_to")
	) and following not in chain:
		chain.append(following)
	return chain


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
