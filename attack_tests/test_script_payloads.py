"""Script payloads in every field a portal customer writes, read back through every page, e-mail and
PDF (its print HTML) that shows them: none may come back as a live script."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
from email import policy

import pytest

from attack_tests.probe import COUNTS, live_scripts

MARK = "hzX"
PAYLOADS = [
	f"<img src=x onerror={MARK}(1)>",
	f'"<img src=x onerror={MARK}(2)>"',  # a JSON string: Frappe's sanitiser skips it
	f"<script>{MARK}(3)</script>",
	f'"><svg onload={MARK}(4)>',
	f"'><svg onload={MARK}(5)>",
	f"</textarea><script>{MARK}(6)</script>",
	f'{{"a": "<img src=x onerror={MARK}(7)>"}}',  # a JSON object
	f"<a href=javascript:{MARK}(8)>x</a>",
	f"&lt;img src=x onerror={MARK}(12)&gt;",  # entities: must not come back decoded into markup
	f"<scr<script>ipt>{MARK}(13)</scr</script>ipt>",  # nested: a tag rebuilt once the inner one goes
	f'"&quot;><svg onload={MARK}(14)>"',  # JSON and entities at once
]
RAW_TAG = re.compile(r"<[A-Za-z!/?]")
# what a customer writes, where it is stored: plain fields hold no tag at all, rich ones no live script
STORED_PLAIN = {
	"HEZO Ticket": ("name", ["subject", "reporter_name"]),
	"HEZO Escalation": ("ticket", ["reason"]),
	"HEZO SLA Event": ("ticket", ["note"]),
	"HEZO Delivery Proposal": ("ticket", ["answer_note"]),
}
STORED_RICH = {
	"HEZO Ticket": ("name", ["description"]),
	"Communication": ("reference_name", ["content", "subject"]),
}
FILE_NAMES = [
	f'log" onmouseover="{MARK}(9)" x=".log',
	f"<img src=x onerror={MARK}(10)>.log",
	f"'><svg onload={MARK}(11)>.txt",
]


def as_typed(payload: str, words: str) -> str:
	"""A JSON-shaped payload is sent alone (Frappe's sanitiser skips a value that parses as JSON);
	the others after a few words (the sanitiser may strip them to nothing, which a required field
	refuses)."""
	try:
		json.loads(payload)
		return payload
	except ValueError:
		return f"{words} {payload}"


def post(session, base_url, method, **data):
	return session.post(f"{base_url}/api/method/hezo_service.api.portal.{method}", data=data, timeout=60)


@pytest.fixture(scope="module")
def written(customer_a, admin, base_url, data):
	"""Every payload written through the portal as customer A: a ticket per payload (subject and
	description), a reply, an escalation reason and a refused delivery date's note on it; file names
	on the first ticket."""
	a = data["A"]
	tickets = []
	for payload in PAYLOADS:
		r = post(
			customer_a,
			base_url,
			"create_ticket",
			serial_no=a["serial"],
			contract_no=a["contract"],
			priority="Critical",
			subject=as_typed(payload, "Awaria"),
			description=payload,
		)
		assert r.ok, r.text
		ticket = r.json()["message"]["name"]
		tickets.append(ticket)
		assert post(customer_a, base_url, "reply", ticket=ticket, message=as_typed(payload, "Nadal")).ok
		assert post(customer_a, base_url, "escalate", ticket=ticket, reason=as_typed(payload, "Pilne")).ok
		# the desk confirms the ticket (an RMA below needs it) and proposes a later delivery date
		r = admin.put(
			f"{base_url}/api/resource/HEZO Ticket/{ticket}",
			json={"status": "Verification", "interview_done": 1, "tests_done": 1},
			timeout=60,
		)
		assert r.ok, r.text
		r = admin.post(
			f"{base_url}/api/method/hezo_service.api.tickets.confirm_validity",
			data={"ticket": ticket},
			timeout=60,
		)
		assert r.ok, r.text
		proposal = admin.post(
			f"{base_url}/api/resource/HEZO Delivery Proposal",
			json={"ticket": ticket, "proposed_delivery_at": "2027-03-01 12:00:00", "note": "termin"},
			timeout=60,
		)
		assert proposal.ok, proposal.text
		r = post(
			customer_a,
			base_url,
			"answer_delivery_proposal",
			proposal=proposal.json()["data"]["name"],
			accept=0,
			note=as_typed(payload, "Za późno"),
		)
		assert r.ok, r.text
		for field in ("ticket subject", "ticket description", "reply", "escalation reason", "proposal note"):
			COUNTS[f"payloads: {field}"] += 1
	for name in FILE_NAMES:
		r = customer_a.post(
			f"{base_url}/api/method/hezo_service.api.portal.attach",
			data={"ticket": tickets[0]},
			files={"file": (name, b"log line\n", "text/plain")},
			timeout=60,
		)
		assert r.status_code in (200, 422), r.text
		COUNTS["payloads: file name"] += 1
	return tickets


def stored_rows(admin, base_url, doctype, link, fields, tickets):
	r = admin.get(
		f"{base_url}/api/resource/{doctype}",
		params={
			"filters": json.dumps([[link, "in", tickets]]),
			"fields": json.dumps(["name", *fields]),
			"limit_page_length": 0,
		},
		timeout=60,
	)
	assert r.ok, r.text
	return r.json()["data"]


def test_stored_text_holds_no_markup(written, admin, base_url):
	"""Sanitised on the way in, whatever the payload's shape: the desk, e-mails, reports, exports and
	print formats read these fields too."""
	found = []
	for doctype, (link, fields) in STORED_PLAIN.items():
		rows = stored_rows(admin, base_url, doctype, link, fields, written)
		assert rows, f"no {doctype} was written"
		for row in rows:
			for field in fields:
				COUNTS[f"stored fields checked: {doctype}.{field}"] += 1
				if RAW_TAG.search(row.get(field) or ""):
					found.append(f"{doctype} {row['name']}.{field}: {row[field]!r}")
	for doctype, (link, fields) in STORED_RICH.items():
		for row in stored_rows(admin, base_url, doctype, link, fields, written):
			for field in fields:
				COUNTS[f"stored fields checked: {doctype}.{field}"] += 1
				value = row.get(field) or ""
				if live_scripts(value, MARK) or re.search(r"<[^>]*\bon\w+\s*=", value):
					found.append(f"{doctype} {row['name']}.{field}: {value!r}")
	assert not found, found


def test_portal_pages(written, customer_a, base_url, data):
	pages = ["/hezo", f"/hezo/device?serial={data['A']['serial']}"]
	pages += [f"/hezo/ticket?name={t}" for t in written]
	found = []
	for page in pages:
		r = customer_a.get(base_url + page, headers={"Accept": "text/html"}, timeout=60)
		assert r.status_code == 200, (page, r.status_code)
		found += [f"{page}: {s}" for s in live_scripts(r.text, MARK)]
		COUNTS["payload read-backs: portal pages"] += 1
	assert not found, found


def html_parts(raw: str) -> list[str]:
	"""The HTML bodies of a queued e-mail (its text/plain part is shown as text, never as HTML)."""
	message = email.message_from_string(raw, policy=policy.default)
	return [part.get_content() for part in message.walk() if part.get_content_type() == "text/html"]


def run_minute_job(method: str) -> None:
	"""The scheduler's tick (no scheduler runs beside the tier's server): the job, on the site."""
	bench, site = os.environ.get("HEZO_BENCH"), os.environ.get("HEZO_SITE")
	assert bench and site, "HEZO_BENCH and HEZO_SITE are not set (attack_tests/run sets them)"
	subprocess.run(["bench", "--site", site, "execute", method], cwd=bench, check=True, capture_output=True)


def test_emails(written, admin, base_url):
	"""The e-mails the escalations queued (to the service desk), as they would be sent."""
	run_minute_job("hezo_service.scheduler.deliver_escalations")
	r = admin.get(
		f"{base_url}/api/resource/Email Queue",
		params={
			"filters": json.dumps([["reference_name", "in", written]]),
			"fields": '["name", "message"]',
			"limit_page_length": 0,
		},
		timeout=60,
	)
	assert r.ok, r.text
	queued = r.json()["data"]
	assert len(queued) >= len(written), "an escalation sent no e-mail"
	found = []
	for row in queued:
		for part in html_parts(row["message"] or ""):
			found += [f"{row['name']}: {s}" for s in live_scripts(part, MARK)]
		COUNTS["payload read-backs: e-mails"] += 1
	assert not found, found


def test_print_formats(written, admin, base_url):
	"""The delivery note and return instructions (PDFs from this HTML) of an RMA on each payload
	ticket: the subject is the customer's."""
	found = []
	for ticket in written:
		rma = admin.post(
			f"{base_url}/api/resource/HEZO RMA",
			json={"ticket": ticket, "replacement_source": "Manufacturer hub"},
			timeout=60,
		)
		assert rma.ok, rma.text
		for print_format in ("HEZO Delivery Note", "HEZO Return Instructions"):
			r = admin.get(
				f"{base_url}/api/method/frappe.www.printview.get_html_and_style",
				params={"doc": "HEZO RMA", "name": rma.json()["data"]["name"], "print_format": print_format},
				timeout=120,
			)
			assert r.ok, r.text
			found += [
				f"{print_format} {ticket}: {s}" for s in live_scripts(r.json()["message"]["html"], MARK)
			]
			COUNTS["payload read-backs: print formats"] += 1
	assert not found, found


def test_sign_up_name(guest, base_url, admin):
	"""The sign-up's full name goes into Frappe's welcome e-mail: markup is refused there."""
	for payload in PAYLOADS[:3]:
		r = guest.post(
			f"{base_url}/api/method/hezo_service.api.portal.sign_up",
			data={
				"nip": "0000000000",
				"serial_no": "X",
				"contract_no": "X",
				"full_name": payload,
				"email": "xss@atak.example",
			},
			timeout=60,
		)
		assert r.status_code in (417, 422, 429), r.text
		COUNTS["payloads: sign-up name"] += 1
	users = admin.get(
		f"{base_url}/api/resource/User", params={"filters": '[["name", "=", "xss@atak.example"]]'}, timeout=60
	)
	assert users.json()["data"] == []
