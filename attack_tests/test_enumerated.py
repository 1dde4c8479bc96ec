"""Every path the site's metadata lists, tried as customer A's portal user, as partner P1's (P1 sold
A's contract) and as Guest against customer B's records and partner P2's (P2 sold B's contract): every
whitelisted method of every installed app, every DocType (with its child tables) through both REST
APIs and the print view, every website route, B's file routes."""

from __future__ import annotations

import json
from urllib.parse import quote

from attack_tests.probe import COUNTS

# partner P1 sold A's contract: it attacks P2's (and B's) records through every path as well
ROLES = ("customer A", "partner P1", "Guest")
# methods that end the attacker's own session: tried as Guest only (where they do nothing)
ENDS_SESSION = {"logout", "web_logout", "frappe.www.login.logout", "frappe.handler.logout"}


def generic_args(data: dict, name) -> dict:
	"""The arguments a probe sends to any method: B's records under every usual parameter name."""
	b = data["B"]
	return {
		"doctype": "Customer",
		"name": name(b["customer"]),
		"docname": name(b["ticket"]),
		"dt": "HEZO Ticket",
		"dn": name(b["ticket"]),
		"filters": json.dumps([["name", "=", name(b["customer"])]]),
		"fieldname": "tax_id",
		"txt": name(b["serial"]),
		"value": name(b["serial"]),
		"file_url": name(b["file_url"]),
		"reference_doctype": "HEZO Ticket",
		"reference_name": name(b["ticket"]),
		"ticket": name(b["ticket"]),
		"serial_no": name(b["serial"]),
		"contract_no": name(b["contract"]),
		"rma": name(b["rma"]),
		"device": name(b["serial"]),
		"customer": name(b["customer"]),
		# the partners' portal: B's contract (sold by P2), P2's invoice, the list's filter
		"contract": name(b["contract"]),
		"invoice": name(data["P2"]["invoice"]),
		"q": name(b["contract"]),
	}


def fail_on(problems: list[str]) -> None:
	assert not problems, f"{len(problems)} failing answers:\n" + "\n".join(problems[:60])


def test_every_whitelisted_method(prober, data):
	jobs = []
	for method in data["methods"]:
		for role in ROLES:
			if role != "Guest" and method in ENDS_SESSION:
				continue
			COUNTS[f"{role}: whitelisted methods tried"] += 1

			def build(name, method=method):
				return "POST", f"/api/method/{method}", {"data": generic_args(data, name)}

			jobs.append(
				lambda role=role, method=method, build=build: prober.pair(role, f"POST {method}", build)
			)
	for method in data["portal_allowed"]:
		if method in ENDS_SESSION:
			continue
		for role in ROLES:
			for prefix in ("/api/method/", "/api/v2/method/"):

				def build(name, method=method, prefix=prefix):
					return "GET", prefix + method, {"params": generic_args(data, name)}

				jobs.append(
					lambda role=role, method=method, build=build, prefix=prefix: prober.pair(
						role, f"GET {prefix}{method}", build
					)
				)
	fail_on(prober.run_all(jobs))
	assert len(data["methods"]) > 1000, "the method list came out short: were the apps imported?"


def doctype_probes(dt: str, b_name: str, parent: str | None):
	"""(label, build) pairs for one DocType and one of B's record names."""
	q = quote(dt)
	yield "GET /api/resource/{dt}/{name}", lambda n: ("GET", f"/api/resource/{q}/{quote(n(b_name))}", {})
	yield (
		"GET /api/v2/document/{dt}/{name}",
		lambda n: ("GET", f"/api/v2/document/{q}/{quote(n(b_name))}", {}),
	)
	yield (
		"GET /api/resource/{dt}?filters=name",
		lambda n: (
			"GET",
			f"/api/resource/{q}",
			{"params": {"filters": json.dumps([["name", "=", n(b_name)]]), "fields": '["*"]'}},
		),
	)
	yield (
		"GET /api/v2/doctype/{dt}/count",
		lambda n: (
			"GET",
			f"/api/v2/doctype/{q}/count",
			{"params": {"filters": json.dumps({"name": n(b_name)})}},
		),
	)
	yield (
		"GET /printview",
		lambda n: ("GET", "/printview", {"params": {"doctype": dt, "name": n(b_name)}}),
	)
	yield (
		"PUT /api/resource/{dt}/{name}",
		lambda n: ("PUT", f"/api/resource/{q}/{quote(n(b_name))}", {"json": {"idx": 7}}),
	)
	yield (
		"DELETE /api/resource/{dt}/{name}",
		lambda n: ("DELETE", f"/api/resource/{q}/{quote(n(b_name))}", {}),
	)
	if parent:
		yield (
			"GET /api/resource/{dt}?parent=",
			lambda n: (
				"GET",
				f"/api/resource/{q}",
				{
					"params": {
						"parent": parent,
						"fields": '["*"]',
						"filters": json.dumps([["name", "=", n(b_name)]]),
					}
				},
			),
		)


def test_every_doctype(prober, data):
	"""Every DocType: the list through both APIs; those a portal role or Guest can reach (and their
	child tables): created, and one of B's records by name, by filter, counted, printed, changed and
	deleted."""
	jobs = []
	for dt in data["doctypes"]:
		for role in ROLES:
			COUNTS[f"{role}: doctypes listed"] += 1
			for path in (f"/api/resource/{quote(dt)}", f"/api/v2/document/{quote(dt)}"):
				jobs.append(
					lambda role=role, path=path: prober.judge(
						role,
						f"GET {path}",
						prober.send(role, "GET", path, params={"fields": '["*"]', "limit_page_length": 50}),
						path,
					)
				)
	parents = data.get("child_parents", {})
	for dt in data["reachable_doctypes"]:
		for role in ROLES:
			jobs.append(
				lambda role=role, dt=dt: prober.judge(
					role,
					f"POST /api/resource/{dt}",
					prober.send(role, "POST", f"/api/resource/{quote(dt)}", json={"name": "atak"}),
					"",
				)
			)
		names = data["b_records"].get(dt) or [data["B"]["ticket"]]
		for b_name in names[:1]:
			for role in ROLES:
				COUNTS[f"{role}: reachable doctype probes"] += 1
				for label, build in doctype_probes(dt, b_name, parents.get(dt)):
					jobs.append(
						lambda role=role, label=label, build=build, dt=dt: prober.pair(
							role, label.replace("{dt}", dt), build
						)
					)
	fail_on(prober.run_all(jobs))


def test_every_website_route(prober, data):
	b = data["B"]
	jobs = []
	for route in data["routes"]:
		for role in ROLES:
			COUNTS[f"{role}: website routes tried"] += 1

			def build(name, route=route):
				params = {
					"name": name(b["ticket"]),
					"serial": name(b["serial"]),
					"device": name(b["serial"]),
					"doctype": "HEZO Ticket",
					"docname": name(b["ticket"]),
					"q": name(b["contract"]),
					"invoice": name(data["P2"]["invoice"]),
				}
				return "GET", quote(route), {"params": params}

			jobs.append(lambda role=role, route=route, build=build: prober.pair(role, f"GET {route}", build))
	fail_on(prober.run_all(jobs))
	assert "/hezo" in data["routes"] and "/orders" in data["routes"], "the route list came out short"


def test_b_files(prober, data):
	"""B's private files by URL and through Frappe's download method."""
	b = data["B"]
	jobs = []
	for role in ROLES:
		COUNTS[f"{role}: file routes tried"] += 2
		jobs.append(
			lambda role=role: prober.pair(
				role, "GET B's private file", lambda n: ("GET", quote(n(b["file_url"])), {})
			)
		)
		jobs.append(
			lambda role=role: prober.pair(
				role,
				"GET frappe.utils.file_manager.download_file",
				lambda n: (
					"GET",
					"/api/method/frappe.utils.file_manager.download_file",
					{"params": {"file_url": n(b["file_url"])}},
				),
			)
		)
	fail_on(prober.run_all(jobs))


def test_b_records_unchanged(admin, base_url, data):
	"""After every write attempt above, B's records are all there, unmodified."""
	changed = []
	for dt, names in data["b_modified"].items():
		for name, modified in names.items():
			now = admin.get(
				f"{base_url}/api/method/frappe.client.get_value",
				params={
					"doctype": dt,
					"filters": json.dumps({"name": name}),
					"fieldname": "modified",
					"parent": data["child_parents"].get(dt),
				},
				timeout=60,
			)
			value = (now.json().get("message") or {}).get("modified") if now.ok else None
			if value != modified:
				changed.append(f"{dt} {name}: {modified} -> {value}")
	assert not changed, changed
