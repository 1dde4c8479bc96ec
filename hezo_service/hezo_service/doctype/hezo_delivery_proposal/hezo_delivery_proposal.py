# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from hezo_service.services.timezone import aware, now


class HEZODeliveryProposal(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer_note: DF.SmallText | None
		answered_at: DF.Datetime | None
		answered_by: DF.Link | None
		note: DF.SmallText | None
		proposed_by: DF.Link | None
		proposed_delivery_at: DF.Datetime
		status: DF.Literal["Proposed", "Accepted", "Refused"]
		ticket: DF.Link

	# end: auto-generated types
	def validate(self) -> None:
		if not self.is_new():
			return
		self.status = "Proposed"
		self.proposed_by = frappe.session.user
		if not frappe.db.get_value("HEZO Ticket", self.ticket, "validity_confirmed_at"):
			frappe.throw(_("The delivery clock has not started: confirm validity first."))
		if aware(self.proposed_delivery_at) <= now():
			frappe.throw(_("The proposed delivery date must be in the future."))
