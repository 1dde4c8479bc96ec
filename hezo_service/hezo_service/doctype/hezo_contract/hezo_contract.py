# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.common import customers
from hezo_service.services.contracts import contracts, lifecycle, scheduled_work


class HEZOContract(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_contract_device.hezo_contract_device import (
			HEZOContractDevice,
		)

		contract_no: DF.Data
		currency: DF.Link | None
		customer: DF.Link
		devices: DF.Table[HEZOContractDevice]
		end_date: DF.Date
		lapsed_days: DF.Int
		notes: DF.SmallText | None
		partner: DF.Link | None
		plan: DF.Link
		price: DF.Currency
		reactivation_fee: DF.Currency
		renewed_from: DF.Link | None
		renewed_on: DF.Date | None
		renewed_to: DF.Link | None
		start_date: DF.Date
		status: DF.Literal["Draft", "Active", "Expiring", "Lapsed", "Renewed", "Cancelled"]
		system_care: DF.Check
		term_years: DF.Int
		work_scheduled_until: DF.Date | None

	# end: auto-generated types
	def autoname(self) -> None:
		self.contract_no = contracts.normalise_contract_no(self.contract_no)
		self.name = self.contract_no

	def db_insert(self, *args, **kwargs) -> None:
		"""A new contract's device rows go in one statement (a renewal or a sale may carry a thousand)."""
		super().db_insert(*args, **kwargs)
		contracts.insert_device_rows(self)

	def validate(self) -> None:
		contracts.validate(self)
		customers.require_end_customer_nip(self.customer)
		customers.require_partner(self.partner)
		lifecycle.validate_term(self)

	def on_update(self) -> None:
		contracts.refresh_current_contracts(self)
		scheduled_work.ensure_work_orders(self)

	def on_trash(self) -> None:
		contracts.refresh_current_contracts(self, removing=True)
