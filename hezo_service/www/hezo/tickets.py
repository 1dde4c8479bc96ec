import frappe
from frappe import _

from hezo_service.services.portal import pages
from hezo_service.services.portal.web import pager_links, requested_pages, setup

no_cache = 1


def get_context(context):
	setup(context, _("Ticket history"))
	context.update(pages.ticket_history(frappe.form_dict.get("q"), requested_pages("tickets")["tickets"]))
	context.pagers = pager_links(context.pagers)
