"""CSRF for portal sessions. Frappe gives a session its CSRF token only when the desk (/app) boots,
and checks POSTs only when the session has one, so website users' sessions had none and any site
could post for them. Every session a website user logs into gets one at creation (hook
`on_session_creation`); Frappe's page renderer then writes it into each page as `frappe.csrf_token`
(the portal's `hz.post` sends it) and `HTTPRequest.validate_csrf_token` refuses a POST without it."""

from __future__ import annotations

import frappe
from frappe.sessions import generate_csrf_token

from hezo_service.security.guard import is_restricted


def on_session_creation(login_manager=None) -> None:
	"""Desk users keep Frappe's behaviour (the token comes with /app)."""
	user = frappe.session.user
	if user and user != "Guest" and is_restricted(user) and not frappe.session.data.get("csrf_token"):
		generate_csrf_token()
