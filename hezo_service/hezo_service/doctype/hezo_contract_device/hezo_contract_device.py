# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOContractDevice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		device: DF.Link
		model: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		site_address: DF.SmallText | None
	# end: auto-generated types

	def db_insert(self, *args, **kwargs) -> None:
		# a new contract inserts its rows at once (services/contracts/contracts.py insert_device_rows)
		if not self.flags.inserted_with_parent:
			super().db_insert(*args, **kwargs)
