# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from hezo_service.services.rma import rma as rma_service
from hezo_service.services.rma import rma_messages, spare_stock


class HEZORMA(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		carrier: DF.Data | None
		charge_amount: DF.Currency
		charge_marked_at: DF.Datetime | None
		charge_reason: DF.SmallText | None
		chargeable: DF.Check
		contract: DF.Link | None
		customer: DF.Link | None
		delivered_at: DF.Datetime | None
		delivery_kind: DF.Data | None
		faulty_device: DF.Link | None
		model: DF.Data | None
		notes: DF.SmallText | None
		outbound_waybill: DF.Data | None
		plan: DF.Link | None
		priority: DF.Data | None
		replacement_device: DF.Link | None
		replacement_serial: DF.Data | None
		replacement_source: DF.Literal["Spare stock", "Manufacturer hub"]
		return_carrier: DF.Data | None
		return_condition: DF.Literal["", "As described", "Damaged", "Incomplete", "Wrong unit"]
		return_destination: DF.Literal["Desk", "Manufacturer"]
		return_due: DF.Datetime | None
		return_payer: DF.Literal["", "Distributor", "Customer"]
		return_received_at: DF.Datetime | None
		return_status: DF.Literal["", "Awaiting return", "Overdue", "Received"]
		return_waybill: DF.Data | None
		shipped_at: DF.Datetime | None
		spare_unit: DF.Link | None
		status: DF.Literal[
			"Open",
			"Awaiting Stock",
			"Reserved",
			"Ordered",
			"Shipped",
			"Delivered",
			"Returned",
			"Closed",
			"Cancelled",
		]
		ticket: DF.Link
		transport: DF.Literal["Courier", "Dedicated transport"]
		validity_confirmed_at: DF.Datetime | None
		vendor: DF.Data | None
		vendor_case_no: DF.Data | None
		vendor_rma_no: DF.Data | None
		warehouse: DF.Link | None

	# end: auto-generated types
	def validate(self) -> None:
		rma_service.validate(self)

	def after_insert(self) -> None:
		if self.replacement_source == "Spare stock" and self.status == "Open":
			spare_stock.reserve(self.name)
			self.reload()

	def on_update(self) -> None:
		rma_messages.send_queued(self)
		previous = self.get_doc_before_save()
		if previous and previous.status != "Cancelled" and self.status == "Cancelled":
			spare_stock.release(self.name)
