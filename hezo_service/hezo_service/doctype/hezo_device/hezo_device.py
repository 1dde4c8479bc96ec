# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.tickets.intake import normalise_serial


class HEZODevice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		current_contract: DF.Link | None
		customer: DF.Link | None
		family: DF.Data | None
		firmware_version: DF.Data | None
		model: DF.Data | None
		replaced_by: DF.Link | None
		replaces: DF.Link | None
		serial_no: DF.Data
		site_address: DF.SmallText | None
		site_contact: DF.Data | None
		site_phone: DF.Data | None
		status: DF.Literal["Active", "Faulty", "In repair", "Replaced", "Returned", "Spare", "Retired"]
		vendor: DF.Data | None

	# end: auto-generated types
	def autoname(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)
		self.name = self.serial_no

	def validate(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)
