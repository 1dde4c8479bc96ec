"""The contract's Connections: the Sales Invoices that bill it (renewal, fee, over quota, unreturned
unit lines carry `hezo_contract`; Frappe finds the field in the invoice's items)."""

from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "hezo_contract",
		"transactions": [{"label": _("Invoices"), "items": ["Sales Invoice"]}],
	}
