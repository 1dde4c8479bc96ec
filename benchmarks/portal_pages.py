"""Benchmark: the portal's pages served by gunicorn, side by side with Frappe's own /login and
/api/method/ping, for one customer with 1,000 covered devices and 1, 30 and 300 open tickets, and for
the partner who sold its contract and, at each step, as many contracts of another customer's.

Run (from the bench; about 5 minutes the first time, which makes the data, 3 minutes after):
cd /opt/frappe-bench && ./env/bin/python /path/to/hezo_service/benchmarks/portal_pages.py --site SITE

What is measured, per page and step
-----------------------------------
- bytes: the HTML as sent, before compression.
- p50 / p95 ms: the time of 50 requests in a row (one user, after 5 warm-up requests) from this script
  to gunicorn (2 workers, as in production: `frappe.app:application`) on 127.0.0.1, i.e. the server's
  time plus a local round trip.
- compilations / statements: one request (after two warm-up requests) through the same WSGI
  application in a separate process, counting every Jinja template compiled
  (`jinja2.Environment.compile`) and every SQL statement sent (pymysql's cursor, COMMIT included).
- ratios: each page against Frappe's /login, the website shell the portal's pages were rendered in
  before they got their own lean base template (the issue's "before": 340,827 bytes, 25 compilations).

The data is committed (gunicorn must see it) and kept for the next run: the customer "Bench portal
customer" (NIP 867-000-00-06, none of the tests' NIPs), its devices BENCH-PD-0000..0999 on contract
BENCH-PORTAL-1, the portal user bench.portal@customer.example and an RMA; each run starts again from one open ticket (the
RMA's), deleting the tickets an earlier run added. The partner "Bench portal partner" (NIP 867-000-00-12,
portal user bench.partner@partner.example) sold BENCH-PORTAL-1 and the contracts BENCH-PP-0000.. of
"Bench partner customer" (NIP 867-000-00-29), one device each, made as the steps need them and kept.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

NIP = "8670000006"
DEVICES = 1000
STEPS = (1, 30, 300)
REQUESTS = 50
WARM = 5
# `--small`: CI's run, to keep the benchmark working (its figures mean nothing)
SMALL = {"DEVICES": 20, "STEPS": (1, 3), "REQUESTS": 5, "WARM": 1}
USER = "bench.portal@customer.example"
PASSWORD = "Bench-Portal-2026!x"
CONTRACT = "BENCH-PORTAL-1"
PARTNER_NIP, PARTNER_CUSTOMER_NIP = "8670000012", "8670000029"
PARTNER_USER = "bench.partner@partner.example"
# the signed-in sessions: who -> (user, password); "guest" signs in as nobody
LOGINS = {"customer": (USER, PASSWORD), "partner": (PARTNER_USER, PASSWORD)}


def pages(data: dict) -> list[tuple[str, str, str]]:
	"""(label, path, who) of every page measured."""
	return [
		("/hezo (dashboard)", "/hezo", "customer"),
		("/hezo/tickets", "/hezo/tickets", "customer"),
		("/hezo/ticket", f"/hezo/ticket?name={data['ticket']}", "customer"),
		("/hezo/device", f"/hezo/device?serial={data['device']}", "customer"),
		("/hezo/rma", f"/hezo/rma?name={data['rma']}", "customer"),
		("/hezo/documents", "/hezo/documents", "customer"),
		("/hezo/new_ticket", "/hezo/new_ticket", "customer"),
		("/hezo/link", "/hezo/link", "customer"),
		("/hezo/signup", "/hezo/signup", "guest"),
		("/hezo/partner", "/hezo/partner", "partner"),
		("/hezo/partner_renewals", "/hezo/partner_renewals", "partner"),
		("/hezo/partner_service", "/hezo/partner_service", "partner"),
		("/hezo/partner_invoices", "/hezo/partner_invoices", "partner"),
		("/hezo/partner_signup", "/hezo/partner_signup", "guest"),
		("Frappe /login", "/login", "guest"),
		("Frappe /api/method/ping", "/api/method/ping", "guest"),
	]


# --- the data (in this process, through Frappe)
def build() -> dict:
	import frappe

	from hezo_service.services.portal.signup import add_portal_user
	from hezo_service.tests.factories import (
		make_contract,
		make_customer,
		make_device,
		make_partner,
		make_user,
	)
	from hezo_service.tests.portal_browser import prepare_rma

	customer = make_customer(NIP, "Bench portal customer")
	have = set(frappe.get_all("Serial No", filters={"hezo_customer": customer}, pluck="name"))
	serials = [f"BENCH-PD-{i:04d}" for i in range(DEVICES)]
	for serial in serials:
		if serial not in have:
			make_device(serial, customer, "Rally Bar", "Logitech")
	if not frappe.db.exists("HEZO Contract", CONTRACT):
		today = frappe.utils.getdate()
		make_contract(CONTRACT, customer, "HEZO-PLUS", serials, f"{today.year}-01-01", f"{today.year}-12-31")
	from frappe.utils.password import update_password

	partner = make_partner("Bench portal partner", PARTNER_NIP)
	frappe.db.set_value("HEZO Contract", CONTRACT, "partner", partner)
	for user, party in ((USER, customer), (PARTNER_USER, partner)):
		make_user(user, "HEZO Customer")
		update_password(user, PASSWORD)
		add_portal_user(party, user)
	rma = prepare_rma(serials[0], CONTRACT)
	frappe.db.commit()
	return {
		"customer": customer,
		"serials": serials,
		"rma": rma.name,
		"rma_ticket": rma.ticket,
		"partner": partner,
		"partner_customer": make_customer(PARTNER_CUSTOMER_NIP, "Bench partner customer"),
	}


def grow_partner_contracts(data: dict, n: int) -> None:
	"""The partner's contracts BENCH-PP-0000..n-1 for its other customer (one device each), kept."""
	import frappe
	from frappe.utils import add_days, today

	from hezo_service.tests.factories import make_device
	from hezo_service.tests.partner_fixtures import partner_contract

	for i in range(n):
		number = f"BENCH-PP-{i:04d}"
		if not frappe.db.exists("HEZO Contract", number):
			device = make_device(number, data["partner_customer"], "Rally Bar", "Logitech")
			start = add_days(today(), -300 + i % 200)  # ends from 65 days on: some within the renewal horizon
			partner_contract(
				number, data["partner_customer"], data["partner"], [device], start, add_days(start, 365)
			)
	frappe.db.commit()


def reset_tickets(data: dict) -> None:
	"""Back to the RMA's ticket alone (the tickets of an earlier run go, with their clock events)."""
	import frappe

	extra = frappe.get_all(
		"HEZO Ticket",
		filters={"customer": data["customer"], "name": ["!=", data["rma_ticket"]]},
		pluck="name",
	)
	if extra:
		for doctype in ("HEZO SLA Event", "HEZO Escalation", "HEZO Delivery Proposal"):
			frappe.db.delete(doctype, {"ticket": ["in", extra]})
		frappe.db.delete("HEZO Ticket", {"name": ["in", extra]})
	frappe.db.commit()


def grow_tickets(data: dict, n: int) -> str:
	"""`n` open tickets in all (each on its own device); the newest one's name."""
	import frappe

	from hezo_service.tests.factories import make_ticket

	names = frappe.get_all(
		"HEZO Ticket", filters={"customer": data["customer"]}, pluck="name", order_by="creation asc"
	)
	while len(names) < n:
		names.append(make_ticket(data["serials"][len(names)], CONTRACT, "Non-critical").name)
	frappe.db.commit()
	return names[-1]


# --- over HTTP (gunicorn)
def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def serve(bench: str, site: str, port: int) -> subprocess.Popen:
	server = subprocess.Popen(
		[
			f"{bench}/env/bin/gunicorn",
			"-b",
			f"127.0.0.1:{port}",
			"-w",
			"2",
			"-t",
			"120",
			"--preload",
			"frappe.app:application",
		],
		cwd=f"{bench}/sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)
	import requests

	for _ in range(120):
		try:
			if requests.get(f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": site}, timeout=5).ok:
				return server
		except requests.ConnectionError:
			pass
		time.sleep(1)
	server.kill()
	raise SystemExit("gunicorn did not start serving")


def sessions(base: str, site: str) -> dict:
	"""who -> a requests session, signed in as LOGINS says."""
	import requests

	out = {}
	for who in ("guest", *LOGINS):
		out[who] = requests.Session()
		out[who].headers["X-Frappe-Site-Name"] = site
		if who in LOGINS:
			usr, pwd = LOGINS[who]
			out[who].post(
				f"{base}/api/method/login", data={"usr": usr, "pwd": pwd}, timeout=60
			).raise_for_status()
	return out


def timed(session, url: str) -> dict:
	for _ in range(WARM):
		session.get(url, timeout=60)
	times, size, status = [], 0, 0
	for _ in range(REQUESTS):
		start = time.perf_counter()
		r = session.get(url, timeout=60)
		times.append((time.perf_counter() - start) * 1000)
		size, status = len(r.content), r.status_code
	times.sort()
	return {
		"bytes": size,
		"status": status,
		"p50": statistics.median(times),
		"p95": times[round(0.95 * (len(times) - 1))],
	}


# --- counted in a process of its own (the WSGI application initialises and destroys Frappe per request)
def count_requests(site: str, urls: list[tuple[str, str]]) -> list[dict]:
	import frappe.app
	import jinja2
	import pymysql.cursors
	from werkzeug.test import Client

	counts = {"compilations": 0, "statements": 0}
	compile_, execute = jinja2.Environment.compile, pymysql.cursors.Cursor.execute

	def counting_compile(self, *args, **kwargs):
		counts["compilations"] += 1
		return compile_(self, *args, **kwargs)

	def counting_execute(self, *args, **kwargs):
		counts["statements"] += 1
		return execute(self, *args, **kwargs)

	jinja2.Environment.compile = counting_compile
	pymysql.cursors.Cursor.execute = counting_execute
	headers = {"X-Frappe-Site-Name": site}
	clients = {who: Client(frappe.app.application) for who in ("guest", *LOGINS)}
	for who, (usr, pwd) in LOGINS.items():
		clients[who].post("/api/method/login", data={"usr": usr, "pwd": pwd}, headers=headers)
	result = []
	for url, who in urls:
		client = clients[who]
		for _ in range(2):
			client.get(url, headers=headers)
		counts.update(compilations=0, statements=0)
		client.get(url, headers=headers)
		result.append(dict(counts))
	return result


def counted(bench: str, site: str, urls: list[tuple[str, str]]) -> list[dict]:
	out = subprocess.run(
		[f"{bench}/env/bin/python", os.path.abspath(__file__), "--site", site, "--count", json.dumps(urls)],
		cwd=f"{bench}/sites",
		capture_output=True,
		text=True,
		check=True,
	).stdout
	return json.loads(out.strip().splitlines()[-1])


def measure_step(n: int, bench: str, site: str, base: str, data: dict) -> list[dict]:
	measured = pages(data)
	by_who = sessions(base, site)
	rows = []
	counts = counted(bench, site, [(path, who) for _label, path, who in measured])
	for (label, path, who), count in zip(measured, counts, strict=True):
		rows.append({"step": n, "page": label, **timed(by_who[who], base + path), **count})
	return rows


def report(rows: list[dict]) -> None:
	print(
		f"customer with {DEVICES:,} covered devices, its partner with 'open' contracts besides;"
		f" {REQUESTS} requests per page on gunicorn (2 workers)"
	)
	head = f"{'open':>5} {'page':<26} {'status':>6} {'bytes':>9} {'p50 ms':>8} {'p95 ms':>8} {'jinja':>6} {'sql':>5}"
	print(head + f" {'bytes/login':>12} {'p95/login':>10}")
	for n in STEPS:
		step = [r for r in rows if r["step"] == n]
		login = next(r for r in step if r["page"] == "Frappe /login")
		for r in step:
			ratios = ""
			if r["page"].startswith("/hezo"):
				ratios = f" {r['bytes'] / login['bytes']:12.3f} {r['p95'] / login['p95']:10.2f}"
			print(
				f"{n:5} {r['page']:<26} {r['status']:6} {r['bytes']:9,} {r['p50']:8.1f} {r['p95']:8.1f}"
				f" {r['compilations']:6} {r['statements']:5}{ratios}"
			)
	first = {r["page"]: r for r in rows if r["step"] == STEPS[0]}
	print(f"growth from {STEPS[0]} to {STEPS[-1]} open tickets and partner contracts (statements, bytes):")
	for r in (r for r in rows if r["step"] == STEPS[-1] and r["page"].startswith("/hezo")):
		f = first[r["page"]]
		print(
			f"  {r['page']:<26} statements {f['statements']} -> {r['statements']}, bytes {f['bytes']:,} -> {r['bytes']:,}"
		)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--bench", default=os.getcwd())
	parser.add_argument("--count", help=argparse.SUPPRESS)  # the counting process (see count_requests)
	parser.add_argument("--small", action="store_true", help="tiny sizes (CI keeps the script running)")
	args = parser.parse_args()
	if args.small:
		globals().update(SMALL)
	if args.count:
		print(json.dumps(count_requests(args.site, [tuple(u) for u in json.loads(args.count)])))
		return
	import frappe

	bench = os.path.abspath(args.bench)
	os.chdir(f"{bench}/sites")
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	data = build()
	reset_tickets(data)
	port = free_port()
	server = serve(bench, args.site, port)
	rows = []
	try:
		for n in STEPS:
			data["ticket"] = grow_tickets(data, n)
			grow_partner_contracts(data, n)
			data["device"] = data["serials"][min(n, DEVICES) - 1]
			rows += measure_step(n, bench, args.site, f"http://127.0.0.1:{port}", data)
			print(f"  measured {n} open tickets", file=sys.stderr)
	finally:
		os.killpg(server.pid, 15)
		server.wait()
		frappe.destroy()
	report(rows)
	failed = sorted({r["page"] for r in rows if r["status"] != 200})
	if failed:  # a page that errs or redirects would be timed as fast: its figures mean nothing
		raise SystemExit(f"FAILED: not answered 200: {', '.join(failed)}")


if __name__ == "__main__":
	main()
