# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.rma import spare_stock
from hezo_service.services.tickets.intake import normalise_serial


class HEZOSpareUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		model: DF.Data
		received_at: DF.Datetime | None
		rma: DF.Link | None
		serial_no: DF.Data
		source: DF.Literal["Purchase", "Repaired", "Replaced by manufacturer", "Returned unit"]
		status: DF.Literal["Available", "Reserved", "Shipped", "Issued", "In repair", "Retired"]
		vendor: DF.Data | None
		warehouse: DF.Link

	# end: auto-generated types
	def autoname(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)
		self.name = self.serial_no

	def validate(self) -> None:
		self.serial_no = normalise_serial(self.serial_no)

	def on_update(self) -> None:
		spare_stock.on_unit_update(self)
