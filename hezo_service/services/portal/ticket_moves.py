"""The customer closes or reopens its own resolved ticket from the portal. The rule is the core's
(`core/tickets/flow.customer_move_refusal`); the move is then the desk's own status change, so the
clocks, the audit (HEZO SLA Event) and the customer messages follow exactly as when staff move it."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.portal.text import plain_text
from hezo_service.core.tickets.flow import CUSTOMER_MOVES, REOPEN_DAYS, customer_move_refusal
from hezo_service.services.common.timezone import aware, now
from hezo_service.services.portal.actions import PortalInputError
from hezo_service.services.portal.scope import require


class TicketMoveRefused(frappe.ValidationError):
	http_status_code = 409


def refusal_message(reason: str, ticket) -> str:
	return {
		"not_resolved": _("Only a resolved ticket can be closed or reopened; ticket {0} is {1}."),
		"too_late": _("Ticket {0} was resolved more than {2} days ago: open a new ticket instead."),
	}[reason].format(ticket.name, _(ticket.status), REOPEN_DAYS)


def move_ticket(name: str, action: str, reason: str | None = None) -> str:
	"""Close (`action` "close") or reopen ("reopen", with the customer's reason) a ticket of one of the
	user's customers; its new status. Another customer's ticket reads as not found."""
	ticket = require("HEZO Ticket", name)
	refused = customer_move_refusal(action, ticket.status, aware(ticket.resolved_at), now())
	if refused == "unknown":
		frappe.throw(_("Unknown action {0}.").format(action), PortalInputError)
	if refused:
		frappe.throw(refusal_message(refused, ticket), TicketMoveRefused)
	reason = plain_text(reason or "").strip()
	if action == "reopen" and not reason:
		frappe.throw(_("Tell us why the ticket is reopened."), PortalInputError)
	user = frappe.get_doc("User", frappe.session.user)
	ticket.status = CUSTOMER_MOVES[action]
	ticket.flags.ignore_permissions = True  # scope checked above; the move is the desk's own
	ticket.save()
	note = (
		_("Reopened by the customer ({0}): {1}").format(user.full_name, reason)
		if action == "reopen"
		else _("Closed by the customer ({0}).").format(user.full_name)
	)
	ticket.add_comment("Comment", frappe.utils.escape_html(note))
	return ticket.status
