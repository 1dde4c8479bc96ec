# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services import ticket_flow


class HEZOTicket(Document):
	def validate(self) -> None:
		ticket_flow.validate(self)

	def on_update(self) -> None:
		ticket_flow.audit(self)

	def after_insert(self) -> None:
		ticket_flow.after_insert(self)
