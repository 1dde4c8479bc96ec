import frappe
from frappe import _

from hezo_service.services.portal import pages
from hezo_service.services.portal.web import setup

no_cache = 1


def get_context(context):
	setup(context, _("Ticket"))
	context.update(pages.ticket(frappe.form_dict.get("name")))
	context.title = _("Ticket {0}").format(context.ticket.name)
	context.upload_error = frappe.form_dict.get("upload_error")
