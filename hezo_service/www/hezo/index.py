import frappe
from frappe import _

from hezo_service.services.portal import pages
from hezo_service.services.portal.scope import customers_of, partners_of
from hezo_service.services.portal.web import pager_links, requested_pages, setup

no_cache = 1


def get_context(context):
	setup(context, _("Dashboard"))
	if not customers_of() and partners_of():
		# a partner's user only (the portal role's home page is /hezo): its own pages; 302, never a
		# permanent redirect a browser would keep once the user is an end customer's too
		frappe.local.flags.redirect_location = "/hezo/partner"
		raise frappe.Redirect(302)
	context.update(pages.dashboard(page_numbers=requested_pages("contracts", "devices", "tickets")))
	context.pagers = pager_links(context.pagers)
