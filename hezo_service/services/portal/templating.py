"""The portal's own Jinja environment, made once per process: Frappe v15 builds a new environment for
every request (`frappe.local.jenv`), so each page compiled its 25 templates again on every click. The
portal's templates are the app's own files; this environment compiles each once (Jinja's cache,
re-checked against the file's mtime only in developer mode). It holds no site and no request: its
globals are functions only (translation, customer dates, asset URLs), every value a page shows comes
in the render's context, so nothing of one request can reach another."""

from __future__ import annotations

import hashlib
import os
from functools import cache

import frappe
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from hezo_service.services.common.customer_dates import customer_date, customer_datetime

APP_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PUBLIC_DIR = os.path.join(APP_DIR, "public")
ASSETS_URL = "/assets/hezo_service/"


@cache
def asset_version(path: str) -> str:
	"""The first 12 hex digits of the file's SHA-256: the URL changes exactly when the file does, so
	the file can be cached for a year (docs/decisions.md, "Light and fast portal pages")."""
	with open(os.path.join(PUBLIC_DIR, path), "rb") as f:
		return hashlib.sha256(f.read()).hexdigest()[:12]


def asset_url(path: str) -> str:
	"""/assets/hezo_service/<path>?v=<content hash> for a file in the app's public/ folder."""
	if frappe.conf.developer_mode:
		asset_version.cache_clear()
	return f"{ASSETS_URL}{path}?v={asset_version(path)}"


def translate(text: str, *args, **kwargs) -> str:
	return frappe._(text, *args, **kwargs)


@cache
def environment() -> SandboxedEnvironment:
	env = SandboxedEnvironment(
		loader=FileSystemLoader(APP_DIR),
		autoescape=True,  # and every template says so itself (a bench test scans them)
		auto_reload=bool(frappe.conf.developer_mode),
		cache_size=100,
	)
	env.globals.update(
		{
			"_": translate,
			"customer_date": customer_date,
			"customer_datetime": customer_datetime,
			"asset": asset_url,
		}
	)
	return env


def render(template: str, context: dict) -> str:
	return environment().get_template(template).render(context)
