"""Tier 3: the customer portal in headless Chromium (Debian's /usr/bin/chromium driven by Playwright;
no browser is ever downloaded). ./run-tests serves the fresh test site and sets HEZO_PORTAL_URL and
HEZO_PORTAL_DATA (the JSON printed by hezo_service.tests.portal_browser.prepare)."""

from __future__ import annotations

import json
import os
import pathlib
import random
import socket
from urllib.parse import quote, urlsplit

import pytest
from portal_helpers import EMAIL, PASSWORD, fill_signup, get, open_ticket

CHROMIUM = os.environ.get("HEZO_CHROMIUM", "/usr/bin/chromium")
ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--disable-quic",
]
ARTEFACTS = pathlib.Path(__file__).resolve().parent.parent / "artefacts"


def pytest_configure(config):
	# loud failure, never a skip: the tier exists to run
	if not os.path.exists(CHROMIUM):
		raise pytest.UsageError(f"tier 3: no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
	for name in ("HEZO_PORTAL_URL", "HEZO_PORTAL_DATA"):
		if not os.environ.get(name):
			raise pytest.UsageError(f"tier 3: {name} is not set (./run-tests sets it)")
	# Chromium resolves *.localhost by itself, Playwright's request API (Node) does not: a URL that only a
	# hand-edited hosts file makes work is refused here, not half-way through the tier
	host = urlsplit(os.environ["HEZO_PORTAL_URL"]).hostname
	try:
		socket.getaddrinfo(host, None)
	except OSError:
		raise pytest.UsageError(f"tier 3: {host} does not resolve; serve the site on 127.0.0.1") from None


def pytest_collection_modifyitems(session, config, items):
	"""The tests pass in any order: with HEZO_TEST_SEED set (./run-tests sets a new one each run and
	prints it) they run shuffled; the same seed repeats an order."""
	seed = os.environ.get("HEZO_TEST_SEED")
	if seed:
		random.Random(seed).shuffle(items)


def pytest_report_header(config):
	seed = os.environ.get("HEZO_TEST_SEED")
	return f"test order: shuffled, HEZO_TEST_SEED={seed}" if seed else "test order: as written"


@pytest.fixture(scope="session")
def base_url():
	return os.environ["HEZO_PORTAL_URL"].rstrip("/")


@pytest.fixture(scope="session")
def data():
	return json.loads(os.environ["HEZO_PORTAL_DATA"])


@pytest.fixture(scope="session")
def pw():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		yield p


@pytest.fixture(scope="session")
def browser(pw):
	browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
	yield browser
	browser.close()


@pytest.fixture(scope="session")
def admin(pw, base_url):
	"""The desk side, over Frappe's REST API as Administrator: reads the database for the checks."""
	context = pw.request.new_context(base_url=base_url)
	r = context.post("/api/method/login", form={"usr": "Administrator", "pwd": "admin"})
	assert r.ok, r.text()
	yield context
	context.dispose()


@pytest.fixture(scope="session")
def shots():
	ARTEFACTS.mkdir(exist_ok=True)
	return ARTEFACTS


# --- the portal's shared fixtures: a guest, the signed-in customer's user, a ticket of theirs
@pytest.fixture
def guest(browser, base_url):
	"""A fresh browser of someone not signed in."""
	context = browser.new_context(base_url=base_url, locale="pl-PL")
	page = context.new_page()
	page.set_default_timeout(30000)
	yield page
	context.close()


@pytest.fixture(scope="module")
def page(browser, base_url, data, admin):
	"""The customer's user signed in (signed up through the portal's form when no test did yet)."""
	context = browser.new_context(base_url=base_url, locale="pl-PL")
	page = context.new_page()
	page.set_default_timeout(30000)
	if get(admin, "User", EMAIL) is None:
		fill_signup(page, data, EMAIL, "Jan Kowalski")
		page.locator("#hz-msg.alert-success").wait_for()
	r = admin.put(f"/api/resource/User/{quote(EMAIL)}", data={"new_password": PASSWORD})
	assert r.ok, r.text()
	r = page.request.post("/api/method/login", form={"usr": EMAIL, "pwd": PASSWORD})
	assert r.ok, r.text()
	yield page
	context.close()


@pytest.fixture(scope="module")
def ticket(page, data):
	"""The customer's ticket the conversation steps work on."""
	return open_ticket(page, data, "Rally Bar: brak obrazu")
