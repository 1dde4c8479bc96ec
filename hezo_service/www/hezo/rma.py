import frappe
from frappe import _

from hezo_service.services.portal import pages
from hezo_service.services.portal.web import setup

no_cache = 1


def get_context(context):
	setup(context, _("RMA"))
	context.update(pages.rma(frappe.form_dict.get("name")))
	context.title = _("RMA {0}").format(context.rma["name"])
