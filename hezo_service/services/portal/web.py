"""Shared set-up of every portal page: login, language (Polish first, English on request), title."""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe import _

from hezo_service.services.portal import translations
from hezo_service.services.portal.paging import page_number
from hezo_service.services.portal.scope import PORTAL_ROLE, partners_of

LANGUAGES = ("pl", "en")  # the first is the portal's own


def portal_language() -> str:
	"""Polish unless the request (?_lang=en), the browser's preferred_language cookie (guests) or the
	user's own setting says English."""
	asked = frappe.form_dict.get("_lang")
	if asked in LANGUAGES:
		lang = asked
	elif frappe.session.user != "Guest":
		lang = frappe.db.get_value("User", frappe.session.user, "language")
	else:
		lang = frappe.request.cookies.get("preferred_language") if frappe.request else None
	lang = lang if lang in LANGUAGES else LANGUAGES[0]
	frappe.local.lang = lang
	translations.prime(lang)
	return lang


def start_portal_user_in_polish(user, method=None) -> None:
	"""User before_insert: a new portal user starts with the portal's language, Polish, unless the
	sign-up page chose one (flags.portal_language). Frappe would fill the site's default language,
	which ERPNext's setup wizard may leave at English."""
	if PORTAL_ROLE not in {row.role for row in user.get("roles")}:
		return
	user.language = user.flags.portal_language or LANGUAGES[0]


def setup(context, title: str, login: bool = True) -> None:
	context.no_cache = 1
	# per user: also keeps Frappe from caching a 404 per URL for everyone (website_404)
	frappe.local.no_cache = 1
	context.show_sidebar = False
	context.lang = portal_language()
	if login and frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=" + frappe.utils.quote(
			frappe.request.full_path if frappe.request else "/hezo"
		)
		raise frappe.Redirect
	context.title = title
	context.user_full_name = (
		frappe.utils.get_fullname(frappe.session.user) if frappe.session.user != "Guest" else ""
	)
	# a partner's user gets the partner pages in the menu (the same query as its customers, cached)
	context.is_partner = frappe.session.user != "Guest" and bool(partners_of(frappe.session.user))
	context.portal_title = _("myHEZO service portal")
	context.lang_links = {code: link_with(_lang=code) for code in LANGUAGES}


def link_with(**changes) -> str:
	"""This page's address with some query arguments changed (None drops one): the pagers' and the
	language switch's plain links, which work without JavaScript."""
	request = frappe.request
	args = dict(request.args.items()) if request else {}
	for key, value in changes.items():
		if value is None:
			args.pop(key, None)
		else:
			args[key] = str(value)
	path = request.path if request else "/hezo"
	return path + ("?" + urlencode(args) if args else "")


def pager_links(pagers: dict) -> dict:
	"""Each list's previous and next page as links (`<list>_page=N`), beside where it stands."""
	return {
		key: {
			**pager,
			"previous_url": link_with(**{f"{key}_page": pager["previous"]}) if pager["previous"] else None,
			"next_url": link_with(**{f"{key}_page": pager["next"]}) if pager["next"] else None,
		}
		for key, pager in pagers.items()
	}


def requested_pages(*keys: str) -> dict:
	"""The page numbers the query string asks for (`<list>_page`), 1 for anything else."""
	return {key: page_number(frappe.form_dict.get(f"{key}_page")) for key in keys}
