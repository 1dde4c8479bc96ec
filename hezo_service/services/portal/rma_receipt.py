"""The customer confirms in the portal that the replacement arrived. The confirmation is the desk's
own delivery record (`delivered_at`, as `api.rma.mark_delivered` sets it), so the RMA's one step
(`core/rma/lifecycle`) swaps the serials, starts the return clock and sends the customer's messages
exactly as when staff record the delivery."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.common.timezone import now, stored
from hezo_service.services.portal.scope import require


class ReceiptRefused(frappe.ValidationError):
	http_status_code = 409


def can_confirm(rma) -> bool:
	"""The customer confirms a replacement only while it is on its way (the page's button, the method)."""
	return rma.status == "Shipped"


def confirm_receipt(name: str) -> dict:
	"""Record the delivery of the replacement of one of the user's customers' RMAs, now; refused (409)
	unless the replacement is on its way. Another customer's RMA reads as not found."""
	rma = require("HEZO RMA", (name or "").strip())
	if not can_confirm(rma):
		frappe.throw(
			_("Only a replacement on its way can be confirmed as received; RMA {0} is {1}.").format(
				rma.name, _(rma.status)
			),
			ReceiptRefused,
		)
	full_name = frappe.db.get_value("User", frappe.session.user, "full_name")
	rma.delivered_at = stored(now())
	rma.flags.ignore_permissions = True  # scope checked above; the record is the desk's own
	rma.save()
	rma.add_comment(
		"Comment",
		frappe.utils.escape_html(
			_("Receipt of the replacement confirmed in the portal by {0}.").format(full_name)
		),
	)
	return {
		"status": rma.status,
		"delivered_at": str(rma.delivered_at),
		"return_due": str(rma.return_due or ""),
	}
