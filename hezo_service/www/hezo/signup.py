import frappe
from frappe import _

from hezo_service.services.portal.web import setup

no_cache = 1


def get_context(context):
	setup(context, _("Create a portal account"), login=False)
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = "/hezo/link"
		raise frappe.Redirect
