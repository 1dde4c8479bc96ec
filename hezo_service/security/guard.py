"""The request guard (hook `before_request`). Frappe's generic endpoints (/api/resource, /api/v2
documents, frappe.client.*, reportview, search, validate_link, upload_file, add_comment, toggle_like,
...) answer website users and Guest with whatever the DocType permissions allow, and several of them
check less than that (counts for any DocType, child tables through their parent, filters on
permlevel-1 fields, another user's file URL). The portal needs none of them: it is served by its own
pages and `hezo_service.api.portal`. So a request from Guest or a website user reaches /api only for
the methods listed here; everything else gets one 403, the same whatever the name asked for, so the
answer tells nothing about what exists. Desk (System) users are not affected: their DocType
permissions are the desk's business."""

from __future__ import annotations

import re

import frappe
from frappe import _

from hezo_service.security.client import client_address, networks
from hezo_service.security.sessions import ensure_token

PORTAL_API = "hezo_service.api.portal"
# Frappe's own methods a portal visitor needs: logging in and out, the set-password link of the
# welcome e-mail, forgotten passwords, the page-view log of the website's own script
FRAPPE_METHODS = frozenset(
	{
		"login",
		"logout",
		"web_logout",
		"ping",
		"frappe.auth.get_logged_user",
		"frappe.core.doctype.user.user.update_password",
		"frappe.core.doctype.user.user.test_password_strength",
		"frappe.core.doctype.user.user.reset_password",
		"frappe.website.doctype.web_page_view.web_page_view.make_view_log",
	}
)
# website routes a portal visitor needs: the portal, logging in, the set-password link, Frappe's
# message and 404 pages, the home page and the scripts every page loads. Every other route (Frappe's
# printview, ERPNext's /order, /material_request_info, web forms, lists...) takes a DocType and a
# name from the URL and answers 403 for an existing record where a missing one gets 404.
PAGE_ROUTES = frozenset(
	{"", "index", "login", "update-password", "me", "404", "message", "website_script.js", "robots.txt"}
)
PORTAL_PAGES = "hezo"
METHOD_PATH = re.compile(r"^/api/(?:v1/|v2/)?method/(?P<method>[^/]+)/?$")


class RefusedByGuard(frappe.PermissionError):
	http_status_code = 403


class PageRefusedByGuard(frappe.PageDoesNotExistError):
	http_status_code = 404


class MissingArguments(frappe.ValidationError):
	http_status_code = 422


# the partners' portal methods (services/portal/partner.py): a module of their own, listed the same way
PARTNER_API = "hezo_service.api.partner"


def portal_methods() -> frozenset[str]:
	"""Every whitelisted function of the portal API modules (the modules are the list)."""
	import hezo_service.api.partner
	import hezo_service.api.portal

	modules = {PORTAL_API: hezo_service.api.portal, PARTNER_API: hezo_service.api.partner}
	return frozenset(
		f"{path}.{name}"
		for path, module in modules.items()
		for name, fn in vars(module).items()
		if callable(fn) and getattr(fn, "__module__", None) == path and fn in frappe.whitelisted
	)


def allowed_methods() -> frozenset[str]:
	return FRAPPE_METHODS | portal_methods()


def is_restricted(user: str | None = None) -> bool:
	"""Guest and every user who is not a desk (System) user: website users, portal customers."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	if user == "Guest" or not user:
		return True
	return frappe.get_cached_value("User", user, "user_type") != "System User"


def requested_method(path: str, cmd: str | None) -> str | None:
	"""The RPC method a request names (`cmd` on any path, or /api[/v1|/v2]/method/<name>); None for
	other /api routes."""
	if cmd:
		return cmd
	found = METHOD_PATH.match(path)
	return found.group("method") if found else None


def page_allowed(path: str) -> bool:
	"""Website routes (not /api): the portal and the listed pages; /private/files goes to Frappe's
	download check (File permission: the attached document's) once `private_files.check_request` (an
	auth hook) has found a readable row with exactly that URL."""
	route = path.strip("/")
	if path.startswith("/private/files/") or path.startswith(("/assets/", "/files/")):
		return True
	return route in PAGE_ROUTES or route == PORTAL_PAGES or route.startswith(PORTAL_PAGES + "/")


def refuse() -> None:
	raise RefusedByGuard(
		_("This address is not available to portal accounts. Use the service portal at /hezo.")
	)


def set_client_address() -> None:
	"""Frappe's `request_ip` (login limits, logs, the sign-up budget) from the trusted proxy only."""
	request = frappe.request
	if not request:
		return
	frappe.local.request_ip = client_address(
		request.remote_addr,
		request.headers.get("X-Forwarded-For"),
		networks(frappe.conf.get("hezo_trusted_proxies")),
	)


def before_request() -> None:
	set_client_address()
	request = frappe.request
	if not request or not is_restricted():
		return
	ensure_token()
	cmd = frappe.form_dict.get("cmd")
	if not (request.path.startswith("/api/") or cmd):
		if not page_allowed(request.path):
			raise PageRefusedByGuard(_("Not found."))
		return
	method = requested_method(request.path, cmd)
	if method is None or method not in allowed_methods():
		frappe.logger("hezo_security").info(
			f"guard refused {request.method} {request.path} cmd={cmd!r} user={frappe.session.user}"
		)
		refuse()
	require_arguments(method)


def require_arguments(method: str) -> None:
	"""An allowed method called without an argument it requires answers 422 naming it (Frappe's
	handler would raise Python's TypeError: a 500 with a traceback)."""
	import inspect

	if "." not in method:
		return  # login, logout, ping: Frappe's handler answers them itself
	parameters = inspect.signature(frappe.get_attr(frappe.override_whitelisted_method(method))).parameters
	missing = [
		name
		for name, p in parameters.items()
		if p.default is p.empty
		and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
		and name not in frappe.form_dict
	]
	if missing:
		frappe.throw(_("Fill in: {0}.").format(", ".join(missing)), MissingArguments)
