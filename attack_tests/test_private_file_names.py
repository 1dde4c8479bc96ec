"""Private files through a colliding name: for every route by which a portal user makes a File,
customer A uploads the bytes of one of B's private files once, then names that equal B's file name
in the database's collation (case, accents), in another Unicode normalisation form or with trailing
dots and spaces, and asks for B's file and for every variant's path: each answers 403 without B's
content, and A's stored URL tells nothing of whether B's name exists."""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

import pytest

from attack_tests.probe import COUNTS

# route -> the form fields it needs besides the file, from the tier's data
FILE_ROUTES = {"hezo_service.api.portal.attach": lambda data: {"ticket": data["A"]["ticket"]}}
TOKEN_URL = re.compile(r"^/private/files/.+-[0-9a-f]{12}(\.[A-Za-z0-9]+)?$")


def variants(name: str) -> list[str]:
	stem, ext = os.path.splitext(name)
	accented = name.replace("e", "é", 1)
	return sorted(
		{
			stem.capitalize() + ext,
			name.upper(),
			accented,
			unicodedata.normalize("NFD", accented),
			name + ".",
			name + " ",
			name + " .",
			stem + ext.upper(),
		}
	)


def upload(session, base_url, route, fields, name, content):
	return session.post(
		f"{base_url}/api/method/{route}",
		data=fields,
		files={"file": (name, content, "text/plain")},
		timeout=60,
	)


def test_every_upload_route_is_probed(data):
	assert data["upload_routes"], "no portal method takes a file: the tier's data is wrong"
	assert set(data["upload_routes"]) <= set(FILE_ROUTES), (
		f"portal methods that take a file but are not probed here: "
		f"{sorted(set(data['upload_routes']) - set(FILE_ROUTES))}"
	)


@pytest.mark.parametrize("route", sorted(FILE_ROUTES))
def test_colliding_names_never_open_another_customers_file(route, customer_a, base_url, data):
	fields = FILE_ROUTES[route](data)
	found = []
	for target in data["B"]["private_files"]:
		b_name = target["url"].rsplit("/", 1)[1]
		r = upload(customer_a, base_url, route, fields, "any.log", target["content"].encode())
		assert r.status_code == 200, r.text
		same_bytes_url = r.json()["message"]["file_url"]
		if same_bytes_url.lower() == target["url"].lower():
			found.append(f"the same bytes were handed B's URL {target['url']}")
		for name in variants(b_name):
			r = upload(customer_a, base_url, route, fields, name, f"A's own bytes {name}".encode())
			COUNTS["colliding uploads"] += 1
			assert r.status_code in (200, 422), (name, r.status_code, r.text)
			urls = {target["url"], "/private/files/" + quote(name)}
			if r.ok:
				stored = r.json()["message"]["file_url"]
				if not TOKEN_URL.match(stored):
					found.append(f"{name!r} stored as {stored}: the URL tells whether B's name exists")
				if stored.lower() == target["url"].lower():
					found.append(f"{name!r} stored as B's URL {stored}")
			for url in urls:
				got = customer_a.get(base_url + url, timeout=60, allow_redirects=False)
				COUNTS["colliding downloads"] += 1
				if target["content"] in got.text or data["marker"] in got.text:
					found.append(f"{url} after uploading {name!r}: B's content ({got.status_code})")
				elif got.status_code != 403 and url == target["url"]:
					found.append(f"{url} after uploading {name!r}: {got.status_code}, not 403")
	assert not found, found
