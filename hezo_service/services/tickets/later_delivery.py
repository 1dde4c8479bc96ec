"""A later delivery date the customer accepts (seeds: "a later date agreed with the customer"): the
desk proposes it (HEZO Delivery Proposal), the customer or the desk records that it was accepted, and
it replaces the delivery due time. One rule for the desk (`api.tickets`) and the portal
(`services.portal.actions`)."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.tickets.flow import later_delivery_refusal
from hezo_service.services.common.timezone import aware, now, stored


def check_later_delivery(confirmed_at, proposed_at, accepted: bool) -> None:
	"""A later delivery date (proposed by the desk, or accepted by the customer) must come after the
	delivery clock started and lie in the future."""
	refusal = later_delivery_refusal(aware(confirmed_at), aware(proposed_at), now())
	if refusal == "not_started":
		frappe.throw(_("The delivery clock has not started: confirm validity first."))
	if refusal == "not_future":
		if accepted:
			frappe.throw(_("The accepted delivery date must be in the future."))
		frappe.throw(_("The proposed delivery date must be in the future."))


def apply_later_delivery(ticket, delivery_at, accepted_by: str) -> None:
	"""Record the accepted date on the ticket (its save recomputes and audits the delivery clock);
	callers have checked access their own way."""
	check_later_delivery(ticket.validity_confirmed_at, delivery_at, accepted=True)
	if not (accepted_by or "").strip():
		frappe.throw(_("Say who accepted the later date."))
	ticket.agreed_delivery_at = stored(aware(delivery_at))
	ticket.agreed_by = accepted_by.strip()
	ticket.agreed_on = stored(now())
	ticket.save()
