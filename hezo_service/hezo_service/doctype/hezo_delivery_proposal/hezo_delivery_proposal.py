# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from hezo_service.services.common import customer_text
from hezo_service.services.tickets.later_delivery import check_later_delivery


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
		customer_text.clean(self, ("note", "answer_note"))
		if not self.is_new():
			return
		self.status = "Proposed"
		self.proposed_by = frappe.session.user
		confirmed = frappe.db.get_value("HEZO Ticket", self.ticket, "validity_confirmed_at")
		check_later_delivery(confirmed, self.proposed_delivery_at, accepted=False)
