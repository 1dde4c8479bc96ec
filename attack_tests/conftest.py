"""The attacker's-eye tier: plain HTTP against a served site, as customer A's portal user and as
Guest, against customer B's records. `attack_tests/run BENCH SITE` serves the site, prepares the data
(`hezo_service.tests.attack_data.prepare`, which also lists the attack surface from the site's own
metadata) and runs this folder with HEZO_PORTAL_URL and HEZO_ATTACK_DATA (a path to that JSON)."""

from __future__ import annotations

import json
import os
import re

import pytest
import requests

from attack_tests.probe import Prober


def pytest_configure(config):
	for name in ("HEZO_PORTAL_URL", "HEZO_ATTACK_DATA"):
		if not os.environ.get(name):
			raise pytest.UsageError(f"attack tier: {name} is not set (attack_tests/run sets it)")


@pytest.fixture(scope="session")
def base_url() -> str:
	return os.environ["HEZO_PORTAL_URL"].rstrip("/")


@pytest.fixture(scope="session")
def data() -> dict:
	with open(os.environ["HEZO_ATTACK_DATA"]) as f:
		return json.load(f)


def csrf_token(session: requests.Session, base_url: str) -> str:
	"""The token Frappe writes into every page of a session that has one (`frappe.csrf_token = ...`)."""
	page = session.get(f"{base_url}/hezo", timeout=60).text
	found = re.search(r'frappe\.csrf_token = "([^"]+)"', page)
	return found.group(1) if found else ""


def new_session() -> requests.Session:
	session = requests.Session()
	session.headers["Accept"] = "application/json"
	if os.environ.get("HEZO_SITE"):  # a production server picks the site by this header or the host
		session.headers["X-Frappe-Site-Name"] = os.environ["HEZO_SITE"]
	return session


def login(base_url: str, user: str, password: str) -> requests.Session:
	session = new_session()
	r = session.post(f"{base_url}/api/method/login", data={"usr": user, "pwd": password}, timeout=60)
	assert r.status_code == 200, r.text
	return session


@pytest.fixture(scope="session")
def customer_a(base_url, data) -> requests.Session:
	session = login(base_url, data["A"]["user"], data["password"])
	session.headers["X-Frappe-CSRF-Token"] = csrf_token(session, base_url)
	return session


@pytest.fixture(scope="session")
def partner_p1(base_url, data) -> requests.Session:
	"""The portal user of partner P1 (which sold A's contract), against P2's and B's records."""
	session = login(base_url, data["P1"]["user"], data["password"])
	session.headers["X-Frappe-CSRF-Token"] = csrf_token(session, base_url)
	return session


@pytest.fixture(scope="session")
def guest(base_url) -> requests.Session:
	return new_session()


@pytest.fixture(scope="session")
def admin(base_url) -> requests.Session:
	"""The desk side (reads what the portal wrote: e-mails, print HTML); never an attacker."""
	return login(base_url, "Administrator", os.environ.get("HEZO_ADMIN_PASSWORD", "admin"))


@pytest.fixture(scope="session")
def prober(base_url, data, customer_a, partner_p1, guest) -> Prober:
	return Prober(base_url, data, {"customer A": customer_a, "partner P1": partner_p1, "Guest": guest})


def pytest_terminal_summary(terminalreporter):
	"""The counts the issue asks for: paths tried per role, payloads per field."""
	from attack_tests.probe import COUNTS

	if COUNTS:
		terminalreporter.write_sep("-", "attack tier counts")
		for key in sorted(COUNTS):
			terminalreporter.write_line(f"{key}: {COUNTS[key]}")
