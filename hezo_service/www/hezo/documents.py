from frappe import _

from hezo_service.services.portal import pages
from hezo_service.services.portal.web import pager_links, requested_pages, setup

no_cache = 1


def get_context(context):
	setup(context, _("Documents"))
	context.update(pages.documents(requested_pages("rmas", "work_orders")))
	context.pagers = pager_links(context.pagers)
