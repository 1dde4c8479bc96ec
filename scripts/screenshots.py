"""Screenshots of the running system (`./dev shots`, after `./dev up`): the desk workspace, a covered
device's Serial No form, a draft Sales Invoice made by billing, the portal dashboard and a ticket
page, as the demo logins see them, in
headless Chromium (Debian's, no download).

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 [artefacts]
"""

from __future__ import annotations

import json
import pathlib
import sys

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Hezo-Demo-2026"
STAFF = "serwis@myhezo.pl"
CUSTOMER = "it@demo-klient.pl"


def login(page: Page, user: str, password: str) -> None:
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_load_state("networkidle")


def serial_no_form(page: Page, out: pathlib.Path) -> pathlib.Path:
	"""A covered demo device that has a ticket and an RMA in progress (shipped, not yet delivered, so
	the unit is still Under AMC): its coverage, service data and the Connections to its contract,
	tickets, RMA and device events."""
	response = page.request.get(
		"/api/resource/HEZO RMA",
		params={
			"filters": '[["status", "=", "Shipped"]]',
			"fields": '["faulty_device"]',
			"limit_page_length": 1,
		},
	)
	serial = response.json()["data"][0]["faulty_device"]
	page.goto(f"/app/serial-no/{serial}")
	page.locator(".form-dashboard .document-link").first.wait_for()
	page.wait_for_load_state("networkidle")  # the connections' counts
	page.locator("[data-fieldname='amc_expiry_date']").first.wait_for()
	path = out / "dev-serial-no.png"
	page.screenshot(path=path, full_page=True)
	return path


def billing_draft(page: Page) -> str | None:
	"""The largest draft Sales Invoice billing made (the demo's billing run makes some)."""
	filters = [["docstatus", "=", 0], ["hezo_billing_key", "is", "set"]]
	answer = page.request.get(
		"/api/resource/Sales Invoice",
		params={"filters": json.dumps(filters), "order_by": "grand_total desc", "limit_page_length": "1"},
	)
	rows = answer.json().get("data") if answer.ok else None
	return rows[0]["name"] if rows else None


def main(base_url: str, out: pathlib.Path) -> list[pathlib.Path]:
	out.mkdir(parents=True, exist_ok=True)
	shots = []
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
		desk = browser.new_context(base_url=base_url, locale="pl-PL", viewport={"width": 1400, "height": 900})
		page = desk.new_page()
		login(page, STAFF, PASSWORD)
		page.goto("/app/hezo-service")
		page.locator(".number-widget-box .widget-content .number").first.wait_for()
		page.wait_for_load_state("networkidle")  # the other cards' numbers
		shots.append(out / "dev-desk-workspace.png")
		page.screenshot(path=shots[-1], full_page=True)
		shots.append(serial_no_form(page, out))
		invoice = billing_draft(page)
		if invoice:
			page.goto(f"/app/sales-invoice/{invoice}")
			page.locator(
				".frappe-control[data-fieldname='items'] .grid-body .rows .grid-row"
			).first.wait_for()
			page.wait_for_load_state("networkidle")
			shots.append(out / "dev-sales-invoice.png")
			page.screenshot(path=shots[-1], full_page=True)
		else:
			print("no draft Sales Invoice made by billing: dev-sales-invoice.png skipped", file=sys.stderr)

		portal = browser.new_context(
			base_url=base_url, locale="pl-PL", viewport={"width": 1280, "height": 900}
		)
		page = portal.new_page()
		login(page, CUSTOMER, PASSWORD)
		page.goto("/hezo")
		page.wait_for_load_state("networkidle")
		shots.append(out / "dev-portal-dashboard.png")
		page.screenshot(path=shots[-1], full_page=True)
		ticket = page.locator("a[href*='/hezo/ticket?name=']").first
		href = ticket.get_attribute("href")
		page.goto(href)
		page.wait_for_load_state("networkidle")
		shots.append(out / "dev-portal-ticket.png")
		page.screenshot(path=shots[-1], full_page=True)
		browser.close()
	return shots


if __name__ == "__main__":
	url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
	folder = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "artefacts")
	for shot in main(url, folder):
		print(shot)
