# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services import contracts


class HEZOContract(Document):
	def autoname(self) -> None:
		self.contract_no = contracts.normalise_contract_no(self.contract_no)
		self.name = self.contract_no

	def validate(self) -> None:
		contracts.validate(self)

	def on_update(self) -> None:
		contracts.refresh_current_contracts(self)

	def on_trash(self) -> None:
		contracts.refresh_current_contracts(self, removing=True)
