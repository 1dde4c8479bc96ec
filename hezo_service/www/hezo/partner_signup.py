import frappe
from frappe import _

from hezo_service.services.portal.web import setup

no_cache = 1


def get_context(context):
	# open to Guest (sign-up) and to a signed-in user (adding a partner to the account)
	setup(context, _("Partner account"), login=False)
	context.signed_in = frappe.session.user != "Guest"
