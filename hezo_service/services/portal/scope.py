"""Isolation: a portal user (role HEZO Customer, no desk) sees only the records of the end customers
linked to the user in HEZO Portal Access. Enforced by Frappe itself through the `has_permission` and
`permission_query_conditions` hooks (hooks.py), so every portal page, /api/resource, /api/method
(get_list, get_doc, reportview, search...) and private file download (File checks the attached
document's permission) honours it."""

from __future__ import annotations

import frappe
from frappe import _

PORTAL_ROLE = "HEZO Customer"
# DocTypes a portal user may read, and the field naming their customer ("name" = the customer itself)
SCOPED = {
	"HEZO Customer": "name",
	"HEZO Contract": "customer",
	# a covered device: the Serial No's end customer (ERPNext's own `customer` is the partner it was sold to)
	"Serial No": "hezo_customer",
	"HEZO Ticket": "customer",
	"HEZO Delivery Proposal": None,  # through its ticket
	# RMAs in the portal: the RMA carries its customer; internal
	# fields (notes, charge, spare unit, warehouse, vendor case) are permlevel 1, which the role lacks
	"HEZO RMA": "customer",
	# scheduled work in the portal: the work order carries its
	# customer (fetched from the contract); engineer and schedule key are permlevel 1
	"HEZO Work Order": "customer",
}


class NotFoundInPortal(frappe.PermissionError):
	"""Anything outside the user's customers, or missing, gets the same answer (404 from the API, the
	403 page on the website, which renders every PermissionError as "not permitted"): existence is not
	revealed."""

	http_status_code = 404


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in ("Administrator", "Guest"):
		return False
	if frappe.get_cached_value("User", user, "user_type") == "System User":
		return False
	return PORTAL_ROLE in frappe.get_roles(user)


def customers_of(user: str | None = None) -> list[str]:
	user = user or frappe.session.user
	return frappe.get_all("HEZO Portal Access", filters={"user": user}, pluck="customer", order_by="creation")


def _in_list(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values) if values else "''"


def query_conditions(doctype: str, user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	customers = customers_of(user)
	if not customers:
		return "1=0"
	if doctype == "HEZO Delivery Proposal":
		return (
			"`tabHEZO Delivery Proposal`.`ticket` in (select name from `tabHEZO Ticket` "
			f"where customer in ({_in_list(customers)}))"
		)
	return f"`tab{doctype}`.`{SCOPED[doctype]}` in ({_in_list(customers)})"


def customer_query(user=None):
	return query_conditions("HEZO Customer", user)


def contract_query(user=None):
	return query_conditions("HEZO Contract", user)


def device_query(user=None):
	return query_conditions("Serial No", user)


def ticket_query(user=None):
	return query_conditions("HEZO Ticket", user)


def proposal_query(user=None):
	return query_conditions("HEZO Delivery Proposal", user)


def rma_query(user=None):
	return query_conditions("HEZO RMA", user)


def work_order_query(user=None):
	return query_conditions("HEZO Work Order", user)


def customer_of_doc(doc) -> str | None:
	if doc.doctype == "HEZO Delivery Proposal":
		return frappe.db.get_value("HEZO Ticket", doc.ticket, "customer")
	field = SCOPED.get(doc.doctype)
	return doc.get(field) if field else None


def has_permission(doc, ptype=None, user=None, debug=False):
	"""None (let the roles decide) for desk users; for portal users only read-like access to their
	customers' records."""
	user = user or frappe.session.user
	if not is_portal_user(user):
		return None
	if ptype not in (None, "read", "select", "print", "email"):
		return False
	customer = customer_of_doc(doc)
	return bool(customer) and customer in customers_of(user)


def require(doctype: str, name: str | None, user: str | None = None):
	"""The document if the user may read it, else a 404 (never a hint that it exists)."""
	user = user or frappe.session.user
	if user == "Guest":
		raise frappe.PermissionError(_("Log in to see this page."))
	if not name or not frappe.db.exists(doctype, name):
		raise NotFoundInPortal(_("Not found."))
	doc = frappe.get_doc(doctype, name)
	if not frappe.has_permission(doctype, "read", doc=doc, user=user):
		raise NotFoundInPortal(_("Not found."))
	return doc
