"""CSRF for portal sessions. Frappe gives a session its CSRF token only when the desk (/app) boots,
and checks a POST only when the session has one, so website users' sessions had none and any site
could post for them. Here (from the request guard) a website user's session gets its token on its
first request after login; Frappe's page renderer then writes it into every page as
`frappe.csrf_token` (the portal's `hz.post` sends it back) and `HTTPRequest.validate_csrf_token`
refuses every later POST without it. A state-changing request that arrives before the session has a
token could not have carried one: it is refused too (the login request itself excepted)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.sessions import generate_csrf_token

UNSAFE = frozenset(("POST", "PUT", "PATCH", "DELETE"))


def is_login_request() -> bool:
	"""The request Frappe's LoginManager logs in with (see frappe.auth.LoginManager.__init__)."""
	return frappe.form_dict.get("cmd") == "login" or frappe.request.path in (
		"/api/method/login",
		"/api/v2/method/login",
	)


def ensure_token() -> None:
	"""For a logged-in website user: give the session a token; refuse an unsafe request that came
	without one. (A session that has a token was already checked by Frappe for this request.)"""
	if not frappe.request or frappe.session.user in (None, "Guest"):
		return
	if frappe.session.data.get("csrf_token"):
		return
	generate_csrf_token()
	if frappe.request.method in UNSAFE and not is_login_request():
		frappe.flags.disable_traceback = True
		frappe.throw(_("Invalid Request"), frappe.CSRFTokenError)
