"""Tier 3, desk side: the back office's RMA form and workspace in headless Chromium, as Administrator,
on the RMA the portal tests also use (hezo_service.tests.portal_browser.prepare). Screenshots:
artefacts/desk-rma-form.png and desk-workspace.png."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def desk(browser, base_url):
	context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000}, locale="en-GB")
	page = context.new_page()
	page.goto("/login")
	page.fill("#login_email", "Administrator")
	page.fill("#login_password", "admin")
	page.click(".btn-login")
	page.wait_for_url("**/app**", wait_until="domcontentloaded")
	yield page
	context.close()


def translated(desk, text: str) -> str:
	"""`text` in the language the desk shows (Frappe's own `__` in the page)."""
	return desk.evaluate("(text) => __(text)", text)


def test_desk_rma_form_shows_shipment_and_return(desk, data, admin, shots):
	rma = admin.get(f"/api/resource/HEZO RMA/{data['rma']}").json()["data"]
	desk.goto(f"/app/hezo-rma/{data['rma']}", wait_until="domcontentloaded")
	desk.locator('.frappe-control[data-fieldname="outbound_waybill"] input').wait_for()
	for fieldname, value in (
		("outbound_waybill", data["outbound_waybill"]),
		("return_waybill", data["return_waybill"]),
		("replacement_serial", rma["replacement_serial"]),
	):
		# an editable field shows its value in an input, a read-only one as text
		control = desk.locator(f'.frappe-control[data-fieldname="{fieldname}"]')
		inputs = control.locator("input")
		shown = (
			inputs.first.input_value() if inputs.count() else control.locator(".control-value").inner_text()
		)
		assert shown.strip() == value, fieldname
	# the desk speaks the user's language (Polish on a distributor's site): compare with the translation
	assert translated(desk, rma["status"]) in desk.locator(".indicator-pill").first.inner_text()
	desk.screenshot(path=str(shots / "desk-rma-form.png"), full_page=True)


def test_desk_workspace_shows_rma_and_finance_cards(desk, shots):
	desk.goto("/app/hezo-service", wait_until="domcontentloaded")
	desk.locator(".widget.number-widget-box").first.wait_for()
	for label in ("Open tickets", "Returns overdue", "RMAs awaiting stock", "Overdue work"):
		box = desk.locator(".widget.number-widget-box", has_text=translated(desk, label))
		box.first.wait_for()  # fails if absent
	desk.screenshot(path=str(shots / "desk-workspace.png"), full_page=True)
