"""What the portal's browser tests share: the signed-in customer's user, reads through the REST API
as Administrator, the sign-up and new-ticket forms filled in."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

EMAIL = "jan.kowalski@przegladarka.example"  # the customer's user the tests sign in as
PASSWORD = "Hz!Portal-2026-secure#7"


def get(admin, doctype, name=None, **params):
	path = f"/api/resource/{quote(doctype)}" + (f"/{quote(name)}" if name else "")
	query = {k: json.dumps(v) if not isinstance(v, str | int) else v for k, v in params.items()}
	r = admin.get(path, params=query)
	return r.json().get("data") if r.ok else None


def wait_for(fn, timeout=20.0):
	"""Poll the database (the page's request commits after responding)."""
	end = time.monotonic() + timeout
	while True:
		value = fn()
		if value or time.monotonic() > end:
			return value
		time.sleep(0.3)


def fill_signup(page, data, email: str, name: str, serial: str | None = None) -> None:
	page.goto("/hezo/signup")
	page.fill("#hz-nip", f"PL {data['nip']}")
	page.fill("#hz-serial", (serial or data["serial"]).lower())
	page.fill("#hz-contract", data["contract"])
	page.fill("#hz-name", name)
	page.fill("#hz-email", email)
	page.click("#hz-signup button[type=submit]")


def set_password(page, link_path: str, password: str) -> None:
	"""Follow a set-password link on Frappe's page (it checks the strength as one types and enables the
	button), then land in the portal with the customer's covered devices."""
	page.goto(link_path)
	page.locator("#new_password").press_sequentially(password, delay=20)
	page.locator("#confirm_password").press_sequentially(password, delay=20)
	page.locator("#update:enabled").click()
	page.wait_for_function("() => !location.pathname.startsWith('/update-password')", timeout=30000)
	page.goto("/hezo")
	page.locator("#hz-devices").wait_for()


def open_ticket(page, data, subject: str, log=None, shot=None) -> str:
	"""A ticket through the portal's form (Critical, on the customer's covered device)."""
	page.goto(f"/hezo/new_ticket?device={data['serial']}")
	page.check("input[name='priority-HEZO-PLUS'][value='Critical']")
	page.fill("#hz-subject", subject)
	page.fill("#hz-description", "Po aktualizacji ekran pozostaje czarny.")
	if log:
		page.set_input_files("#hz-files", str(log))
	if shot:
		page.screenshot(path=shot, full_page=True)
	page.click("#hz-submit")
	page.wait_for_url(re.compile(r"/hezo/ticket\?name=HZT-"))
	return page.get_attribute("#hz-ticket", "data-ticket")
