# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.core.contracts import money


class HEZOBillingDocument(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from hezo_service.hezo_service.doctype.hezo_billing_line.hezo_billing_line import HEZOBillingLine

		currency: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		customer_nip: DF.Data | None
		document_key: DF.Data | None
		lines: DF.Table[HEZOBillingLine]
		period: DF.Data
		period_end: DF.Date | None
		period_start: DF.Date | None
		sales_invoice: DF.Data | None
		status: DF.Literal["Draft", "Exported", "Invoiced"]
		total: DF.Currency

	# end: auto-generated types
	def validate(self) -> None:
		for line in self.lines:
			line.currency = self.currency
			line.amount = money(money(line.rate) * money(line.qty or 1))
		self.total = sum((money(line.amount) for line in self.lines), money(0))
