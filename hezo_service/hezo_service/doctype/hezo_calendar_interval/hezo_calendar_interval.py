# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class HEZOCalendarInterval(Document):
	pass
