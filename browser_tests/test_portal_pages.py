"""Every portal page on a phone (375 px) and a desktop (1280 px): shown without horizontal scrolling,
clean for axe-core (no serious or critical violation; axe-core from browser_tests/package.json, which
./run-tests installs), readable with JavaScript off, its CSS and JS fingerprinted static assets.
Screenshots in artefacts/portal-page-<page>-<width>.png."""

from __future__ import annotations

import pathlib
import re

import pytest

AXE = pathlib.Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 1280)
# page name -> (address, an element the page shows); filled from the fixtures' data
SIGNED_IN = ("dashboard", "ticket", "device", "rma", "new_ticket", "link", "tickets", "documents")
MAX_BYTES = 30 * 1024


def address(name: str, data: dict, ticket: str) -> tuple[str, str]:
	return {
		"dashboard": ("/hezo", "#hz-devices"),
		"ticket": (f"/hezo/ticket?name={ticket}", "#hz-ticket"),
		"device": (f"/hezo/device?serial={data['rma_device']}", "#hz-coverage"),
		"rma": (f"/hezo/rma?name={data['rma']}", "#hz-rma"),
		"new_ticket": (f"/hezo/new_ticket?device={data['serial']}", "#hz-new-ticket"),
		"link": ("/hezo/link", "#hz-link"),
		"tickets": ("/hezo/tickets", "#hz-q"),
		"documents": ("/hezo/documents", "#hz-rma-documents"),
		"signup": ("/hezo/signup", "#hz-signup"),
	}[name]


@pytest.fixture(scope="module")
def axe_source() -> str:
	if not AXE.exists():
		raise pytest.UsageError(
			f"tier 3: no axe-core at {AXE} (cd browser_tests && npm ci; ./run-tests does)"
		)
	return AXE.read_text()


def serious_violations(page, axe_source: str) -> list[str]:
	page.add_script_tag(content=axe_source)
	result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
	return [
		f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
		for v in result["violations"]
		if v["impact"] in ("serious", "critical")
	]


def horizontal_overflow(page) -> int:
	return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def check_page(page, name: str, url: str, shown: str, width: int, axe_source: str, shots) -> None:
	page.set_viewport_size({"width": width, "height": 900})
	response = page.goto(url)
	assert response.status == 200, (url, response.status)
	page.locator(shown).first.wait_for()
	page.screenshot(path=shots / f"portal-page-{name}-{width}.png", full_page=True)
	assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways at {width} px"
	assert serious_violations(page, axe_source) == [], name
	assert len(response.body()) <= MAX_BYTES, (name, len(response.body()))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_page(page, ticket, data, axe_source, shots, name, width):
	url, shown = address(name, data, ticket)
	check_page(page, name, url, shown, width, axe_source, shots)


@pytest.mark.parametrize("width", WIDTHS)
def test_signup_page(guest, data, axe_source, shots, width):
	url, shown = address("signup", data, "")
	check_page(guest, "signup", url, shown, width, axe_source, shots)


def test_pages_read_without_javascript(browser, base_url, page, ticket, data, shots):
	"""The session of the signed-in customer in a browser with JavaScript off: every page shows its
	records, the new-ticket form shows its priorities, the language switch is a plain link."""
	context = browser.new_context(
		base_url=base_url,
		locale="pl-PL",
		java_script_enabled=False,
		storage_state=page.context.storage_state(),
	)
	try:
		plain = context.new_page()
		for name in SIGNED_IN:
			url, shown = address(name, data, ticket)
			plain.goto(url)
			assert plain.locator(shown).first.is_visible(), name
		plain.goto("/hezo")
		assert data["serial"] in plain.inner_text("#hz-devices")
		plain.goto(f"/hezo/ticket?name={ticket}")
		assert "Rally Bar" in plain.inner_text("#hz-ticket")
		plain.goto(f"/hezo/rma?name={data['rma']}")
		assert plain.inner_text("#hz-rma-outbound").strip() == data["outbound_waybill"]
		plain.goto(f"/hezo/new_ticket?device={data['serial']}")
		assert plain.locator("fieldset.hz-priorities input[type=radio]").first.is_visible()
		plain.screenshot(path=shots / "portal-page-new_ticket-no-javascript.png", full_page=True)
		plain.click("a.hz-set-lang[data-lang=en]")
		assert plain.locator("html").get_attribute("lang") == "en"
		assert "Report a fault" in plain.content() or "New ticket" in plain.content()
	finally:
		context.close()


def test_css_and_js_are_fingerprinted_static_assets(page):
	page.goto("/hezo")
	html = page.content()
	assets = re.findall(r'(?:href|src)="(/assets/hezo_service/[^"?]+\?v=[0-9a-f]{12})"', html)
	assert sorted(a.split("?")[0].rsplit(".", 1)[1] for a in assets) == ["css", "js"], assets
	for url in assets:
		response = page.request.get(url)
		assert response.ok, url
		assert "max-age" in response.headers.get("cache-control", ""), response.headers
	assert "<style" not in html and "<svg" not in html and "frappe.boot" not in html
