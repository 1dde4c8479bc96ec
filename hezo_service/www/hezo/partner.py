from frappe import _

from hezo_service.services.portal.partner_pages import partner_context

no_cache = 1


def get_context(context):
	partner_context(context, "partner", _("Partner: contracts"))
