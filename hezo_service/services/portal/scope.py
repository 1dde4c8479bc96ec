"""Isolation: a portal user (role HEZO Customer, no desk) sees only the records of the end customers
whose ERPNext `portal_users` (Portal User rows) name the user. Enforced by Frappe itself through the
`has_permission` and `permission_query_conditions` hooks (hooks.py), so every portal page,
/api/resource, /api/method (get_list, get_doc, reportview, search...) and private file download (File
checks the attached document's permission) honours it. The user's customers are read once per request
(`frappe.local`), so the hooks cost the same for one document or a thousand."""

from __future__ import annotations

import frappe
from frappe import _

PORTAL_ROLE = "HEZO Customer"
# DocTypes a portal user may read, and the field naming their customer ("name" = the customer itself)
SCOPED = {
	"Customer": "name",
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
	"""The end customers whose Portal User rows name the user, oldest link first: one query per request
	and user (cached in `frappe.local`, which Frappe clears after every request and job). A partner the
	user also belongs to is not among them: the partner's scope is its own (services/portal/partner.py)."""
	return _parties_of(user or frappe.session.user)[0]


def partners_of(user: str | None = None) -> list[str]:
	"""The partner Customers (`hezo_is_partner`) whose Portal User rows name the user: read with
	`customers_of` in the same query."""
	return _parties_of(user or frappe.session.user)[1]


def _parties_of(user: str) -> tuple[list[str], list[str]]:
	cache = _cache()
	if user not in cache:
		rows = frappe.db.sql(
			"""select pu.parent, ifnull(c.hezo_is_partner, 0) from `tabPortal User` pu
			join `tabCustomer` c on c.name = pu.parent
			where pu.user = %s and pu.parenttype = 'Customer' and pu.parentfield = 'portal_users'
			order by pu.creation, pu.name""",
			user,
		)
		cache[user] = ([r[0] for r in rows if not r[1]], [r[0] for r in rows if r[1]])
	return cache[user]


def _cache() -> dict:
	cache = getattr(frappe.local, "hezo_portal_customers", None)
	if cache is None:
		cache = frappe.local.hezo_portal_customers = {}
	return cache


def forget_customers_of(*args, **kwargs) -> None:
	"""After Portal User rows or a ticket's customer changed in this request or job (the Customer and
	HEZO Ticket `on_update` hooks)."""
	_cache().clear()


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
	return query_conditions("Customer", user)


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


def tickets_of(user: str) -> set[str]:
	"""The tickets of the user's customers (what a delivery proposal is scoped by): one query per
	request and user, whatever the number of proposals checked."""
	cache = _cache()
	key = f"tickets:{user}"
	if key not in cache:
		customers = customers_of(user)
		cache[key] = (
			frappe.get_all("HEZO Ticket", filters={"customer": ["in", customers]}, pluck="name")
			if customers
			else []
		)
	return set(cache[key])


def customer_of_doc(doc) -> str | None:
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
	if doc.doctype == "HEZO Delivery Proposal":
		return bool(doc.ticket) and doc.ticket in tickets_of(user)
	customer = customer_of_doc(doc)
	return bool(customer) and customer in set(customers_of(user))


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


def on_customer_update(doc, method: str | None = None) -> None:
	"""Customer `on_update`: Portal User rows may have changed on the desk's form. Each portal user
	becomes a Contact of the Customer (ERPNext's own link of a person to a party): ERPNext gives a user
	added on the form its "Customer" role, and its login hook then creates a Customer for a user
	without such a contact when Portal Settings' default role is "Customer"."""
	forget_customers_of()
	for row in doc.get("portal_users") or []:
		# the desk's portal users only: a portal user of ERPNext's own gets exactly ERPNext's behaviour
		if PORTAL_ROLE in frappe.get_roles(row.user):
			ensure_contact(doc.name, row.user)


def ensure_contact(customer: str, user: str) -> None:
	contact = frappe.db.get_value("Contact", {"email_id": user})
	if contact:
		if not frappe.db.exists(
			"Dynamic Link",
			{"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": customer},
		):
			doc = frappe.get_doc("Contact", contact)
			doc.append("links", {"link_doctype": "Customer", "link_name": customer})
			doc.save(ignore_permissions=True)
		return
	first, last = frappe.db.get_value("User", user, ["first_name", "last_name"]) or (user, None)
	contact = frappe.new_doc("Contact")
	contact.update({"first_name": first or user, "last_name": last, "user": user})
	contact.add_email(user, is_primary=True)
	contact.append("links", {"link_doctype": "Customer", "link_name": customer})
	contact.insert(ignore_permissions=True)
