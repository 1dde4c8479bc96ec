from frappe import _

from hezo_service.services.portal.web import setup

no_cache = 1


def get_context(context):
	setup(context, _("Add a company"))
