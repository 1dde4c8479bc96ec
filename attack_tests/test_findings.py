"""The findings of the outside probe (docs/security.md), each replayed over HTTP as the attacker made it."""

from __future__ import annotations

import json
import re

import requests

from attack_tests.conftest import csrf_token, login
from attack_tests.probe import TRACEBACK, live_scripts

MARK = "hzX"


def api(session: requests.Session, base_url: str, method: str, **data) -> requests.Response:
	return session.post(f"{base_url}/api/method/{method}", data=data, timeout=60)


def test_1_counts_do_not_answer_for_other_customers(customer_a, base_url, data):
	"""get_count as a yes/no oracle: B's NIP guessed a character at a time."""
	b = data["B"]
	answers = set()
	for prefix in (b["nip"][:2], "00"):
		r = api(
			customer_a,
			base_url,
			"frappe.client.get_count",
			doctype="Customer",
			filters=json.dumps([["name", "=", b["customer"]], ["tax_id", "like", f"{prefix}%"]]),
		)
		answers.add((r.status_code, r.text))
	assert len(answers) == 1, f"the right and a wrong NIP prefix get different answers: {answers}"
	for doctype in ("HEZO Portal Access", "HEZO Signup Attempt", "User", "Error Log"):
		r = api(customer_a, base_url, "frappe.client.get_count", doctype=doctype)
		assert r.status_code >= 400, f"{doctype} counted for a portal user: {r.text}"


def test_2_child_tables_are_not_listed(customer_a, base_url, data):
	b = data["B"]
	for child, parent, fields in (
		("HEZO Contract Device", "HEZO Contract", ["parent", "device"]),
		("HEZO Work Order Step", "HEZO Work Order", ["parent", "step"]),
	):
		r = customer_a.get(
			f"{base_url}/api/resource/{child}",
			params={"parent": parent, "fields": json.dumps(fields), "limit_page_length": 0},
			timeout=60,
		)
		for secret in (b["contract"], b["serial"], data["marker"]):
			assert secret not in r.text, f"{child} lists {secret}"
	for row in data["b_records"].get("HEZO Contract Device", []):
		r = customer_a.get(
			f"{base_url}/api/resource/HEZO Contract Device/{row}",
			params={"parent": "HEZO Contract"},
			timeout=60,
		)
		assert data["marker"] not in r.text and b["serial"] not in r.text, r.text


def harvest(session: requests.Session, base_url: str, data: dict) -> dict:
	"""What an attacker learns of B's sign-up proof through the API (the issue's route)."""
	b = data["B"]
	found = {}
	nip = ""
	for _position in range(10):
		for digit in "0123456789":
			r = api(
				session,
				base_url,
				"frappe.client.get_count",
				doctype="Customer",
				filters=json.dumps([["name", "=", b["customer"]], ["tax_id", "like", f"{nip}{digit}%"]]),
			)
			if r.ok and r.json().get("message") == 1:
				nip += digit
				break
		else:
			break
	if len(nip) == 10:
		found["nip"] = nip
	r = session.get(
		f"{base_url}/api/resource/HEZO Contract Device",
		params={"parent": "HEZO Contract", "fields": '["parent", "device"]', "limit_page_length": 0},
		timeout=60,
	)
	if r.ok:
		for row in r.json().get("data", []):
			if row.get("parent") == b["contract"]:
				found["contract"], found["serial"] = row["parent"], row["device"]
	return found


def test_3_the_sign_up_proof_cannot_be_assembled(customer_a, base_url, data):
	found = harvest(customer_a, base_url, data)
	assert not found, f"the API gave away parts of B's proof: {found}"
	r = api(
		customer_a,
		base_url,
		"hezo_service.api.portal.link_customer",
		nip=found.get("nip", "0000000000"),
		serial_no=found.get("serial", "X"),
		contract_no=found.get("contract", "X"),
	)
	assert r.status_code in (422, 429), r.text
	dashboard = customer_a.get(f"{base_url}/hezo", timeout=60).text
	assert data["marker"] not in dashboard


def test_4_upload_file_cannot_adopt_another_customers_file(customer_a, base_url, data):
	b = data["B"]
	for target in ({}, {"doctype": "HEZO Ticket", "docname": data["A"]["ticket"]}):
		r = api(customer_a, base_url, "upload_file", file_url=b["file_url"], is_private=1, **target)
		assert r.status_code == 403, r.text
	download = customer_a.get(base_url + b["file_url"], timeout=60)
	assert data["marker"] not in download.text and download.status_code in (403, 404)


def test_6_reflected_upload_error_is_escaped(customer_a, base_url, data):
	page = customer_a.get(
		f"{base_url}/hezo/ticket",
		params={
			"name": data["A"]["ticket"],
			"upload_error": f'<script>{MARK}(66)</script><img src=x onerror="{MARK}(67)">',
		},
		headers={"Accept": "text/html"},
		timeout=60,
	)
	assert page.status_code == 200
	assert not live_scripts(page.text, MARK), live_scripts(page.text, MARK)


def test_7_comments_cannot_claim_another_author(customer_a, admin, base_url, data):
	forged = f"kierownik.{data['B']['file'][:6]}@myhezo.example"  # new on every run
	r = api(
		customer_a,
		base_url,
		"frappe.desk.form.utils.add_comment",
		reference_doctype="HEZO Ticket",
		reference_name=data["A"]["ticket"],
		content="Zgoda kierownika",
		comment_email=forged,
		comment_by="Kierownik serwisu",
	)
	assert r.status_code == 403, r.text
	comments = admin.get(
		f"{base_url}/api/resource/Comment",
		params={"filters": json.dumps([["comment_email", "=", forged]])},
		timeout=60,
	).json()["data"]
	assert comments == []


def test_9_likes_link_validation_and_permlevel_filters(customer_a, admin, base_url, data):
	b = data["B"]

	def liked_by() -> str:
		doc = admin.get(f"{base_url}/api/resource/HEZO Ticket/{b['ticket']}", timeout=60).json()["data"]
		return doc.get("_liked_by") or ""

	before = liked_by()
	for add in ("Yes", "No"):
		r = api(
			customer_a,
			base_url,
			"frappe.desk.like.toggle_like",
			doctype="HEZO Ticket",
			name=b["ticket"],
			add=add,
		)
		assert r.status_code == 403, r.text
		assert liked_by() == before
	r = api(
		customer_a,
		base_url,
		"frappe.desk.form.utils.validate_link",
		doctype="Serial No",
		docname=b["serial"],
	)
	assert b["serial"] not in r.text
	# A's own RMA notes are internal (permlevel 1): a filter on them must not answer yes or no
	answers = set()
	for guess in ("%Notatka%", "%nic takiego%"):
		r = customer_a.get(
			f"{base_url}/api/resource/HEZO RMA",
			params={"filters": json.dumps([["notes", "like", guess]])},
			timeout=60,
		)
		answers.add((r.status_code, r.text))
	assert len(answers) == 1, answers
	# B's records and missing ones answer alike
	for path in (
		f"/api/resource/HEZO Ticket/{b['ticket']}",
		"/api/resource/HEZO Service Plan/HEZO-PLUS",
		"/api/method/frappe.client.get_list?doctype=HEZO Plan Priority&parent=HEZO Service Plan",
	):
		r = customer_a.get(base_url + path, timeout=60)
		assert r.status_code == 403 and TRACEBACK not in r.text, (path, r.status_code)


def active_pdf() -> bytes:
	return (
		b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
		b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
		b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
	)


def test_9_pdf_with_javascript_is_refused(customer_a, base_url, data):
	r = customer_a.post(
		f"{base_url}/api/method/hezo_service.api.portal.attach",
		data={"ticket": data["A"]["ticket"]},
		files={"file": ("raport.pdf", active_pdf(), "application/pdf")},
		timeout=60,
	)
	assert r.status_code == 422, r.text


def test_9_same_bytes_do_not_hand_out_another_customers_file(customer_a, base_url, data):
	b = data["B"]
	content = b["file_content"].encode()  # B's file, byte for byte
	r = customer_a.post(
		f"{base_url}/api/method/hezo_service.api.portal.attach",
		data={"ticket": data["A"]["ticket"]},
		files={"file": ("log-b.log", content, "text/plain")},
		timeout=60,
	)
	assert r.ok, r.text
	assert r.json()["message"]["file_url"] != b["file_url"]


def test_9_portal_sessions_carry_and_require_a_csrf_token(base_url, data):
	session = login(base_url, data["A"]["user"], data["password"])
	token = csrf_token(session, base_url)
	assert token, "a portal page carries no CSRF token"
	r = api(
		session, base_url, "hezo_service.api.portal.reply", ticket=data["A"]["ticket"], message="bez tokenu"
	)
	assert r.status_code == 400 and "CSRFTokenError" in r.text, r.text
	r = session.post(
		f"{base_url}/api/method/hezo_service.api.portal.reply",
		data={"ticket": data["A"]["ticket"], "message": "z tokenem"},
		headers={"X-Frappe-CSRF-Token": token},
		timeout=60,
	)
	assert r.ok, r.text


def test_9_refusals_carry_no_traceback(customer_a, guest, base_url, data):
	for session in (customer_a, guest):
		for path in (
			f"/api/resource/HEZO Ticket/{data['B']['ticket']}",
			"/api/method/hezo_service.api.portal.reply",
			"/api/method/frappe.client.get_count?doctype=User",
		):
			r = session.post(
				base_url + path, data={"ticket": data["B"]["ticket"], "message": "x"}, timeout=60
			)
			assert (
				r.status_code < 500 and TRACEBACK not in r.text and not re.search(r'File ".*", line', r.text)
			), r.text
