# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.hezo_service.doctype.hezo_customer.hezo_customer import normalise_nip


class HEZOPartner(Document):
	def validate(self) -> None:
		if self.nip:
			self.nip = normalise_nip(self.nip)
