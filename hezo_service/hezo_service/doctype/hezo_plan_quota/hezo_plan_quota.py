# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOPlanQuota(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		label_en: DF.Data | None
		label_pl: DF.Data | None
		over_quota_price: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		per_contract_year: DF.Int
		quota_kind: DF.Data
	# end: auto-generated types
	pass
