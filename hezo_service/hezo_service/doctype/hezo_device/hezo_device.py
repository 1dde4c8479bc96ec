# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.intake import normalise_serial


class HEZODevice(Document):
	def autoname(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)
		self.name = self.serial_no

	def validate(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)
