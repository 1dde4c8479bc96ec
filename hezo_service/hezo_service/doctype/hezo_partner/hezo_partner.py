# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.hezo_service.doctype.hezo_customer.hezo_customer import normalise_nip


class HEZOPartner(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		email: DF.Data | None
		nip: DF.Data | None
		partner_name: DF.Data
		phone: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		if self.nip:
			self.nip = normalise_nip(self.nip)
