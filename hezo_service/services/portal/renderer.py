"""The portal's page renderer (hook `page_renderer`): /hezo and /hezo/<page> are served by Frappe's
website pipeline (request guard, session, CSRF, redirects and error pages, response) but rendered
from the portal's own lean base template in the portal's own Jinja environment (`templating`), never
through Frappe's website shell: no icon sprites, no boot data, no website settings, navbar or footer
a customer does not use. The page itself is `www/hezo/<page>.html` with its `get_context` in
`<page>.py`, as before."""

from __future__ import annotations

import os
import re

import frappe
from frappe.website.page_renderers.base_renderer import BaseRenderer
from frappe.website.path_resolver import resolve_path as frappe_resolve_path

from hezo_service.services.portal import templating, translations

PORTAL_ROUTE = "hezo"
PAGE_NAME = re.compile(r"^[a-z_]+$")
# signed-in pages hold one customer's records: never stored by a shared cache, nor kept by the browser
PRIVATE = "private, no-store"
# the sign-up page (Guest only) holds nothing of a customer; revalidated, since it carries the session
PUBLIC_FORM = "private, no-cache"
CSRF_PLACEHOLDER = "<!-- csrf_token -->"


def page_of(path: str) -> str | None:
	"""The portal page a route names (`hezo` -> index), or None when it is not one of the portal's."""
	if path == PORTAL_ROUTE:
		return "index"
	head, _sep, name = path.partition("/")
	if head != PORTAL_ROUTE or not PAGE_NAME.match(name):
		return None
	return name if os.path.isfile(os.path.join(templating.APP_DIR, "www", "hezo", f"{name}.html")) else None


def resolve_path(path: str) -> str:
	"""Hook `website_path_resolver`. Frappe's resolver compiles every dynamic route rule of every app
	into a new werkzeug Map on each request (about 25 ms here) before any renderer is asked; a portal
	route is a static page of this app and needs none of it. Any other path is resolved by Frappe's
	own `resolve_path`, unchanged."""
	if page_of(path) is not None:
		frappe.local.path = path
		return path
	return frappe_resolve_path(path)


class PortalPage(BaseRenderer):
	def __init__(self, path: str, http_status_code: int | None = None):
		super().__init__(path=path, http_status_code=http_status_code)
		self.page = page_of(self.path)

	def can_render(self) -> bool:
		return self.page is not None

	def render(self):
		translations.prime(frappe.local.lang)
		context = frappe._dict(path=self.path)
		module = frappe.get_module(f"hezo_service.www.hezo.{self.page}")
		module.get_context(context)
		html = templating.render(f"www/hezo/{self.page}.html", context)
		headers = {"Cache-Control": PRIVATE if frappe.session.user != "Guest" else PUBLIC_FORM}
		return self.build_response(with_csrf_token(html), headers=headers)


def with_csrf_token(html: str) -> str:
	"""The session's CSRF token where the base template asks for it, as Frappe's own pages write it
	(`frappe.csrf_token = "..."`: the portal's script and the attack tier read it there)."""
	session = getattr(frappe.local, "session", None)
	token = session.data.csrf_token if session and getattr(session, "data", None) else None
	script = f'<script>window.frappe = {{}}; frappe.csrf_token = "{token}";</script>' if token else ""
	return html.replace(CSRF_PLACEHOLDER, script, 1)
