"""The partners' portal from the attacker's side: partner P1 (which sold A's contract) reads its own
contract and its customer's open ticket's state, and nothing of its customer's correspondence or files
nor of partner P2's contracts and invoices; customer A reaches none of the partner pages and sees no
partner price. (Every partner method and page is also in test_enumerated's sweep as P1.)"""

from __future__ import annotations

import re

PARTNER_PAGES = ("/hezo/partner", "/hezo/partner_renewals", "/hezo/partner_service", "/hezo/partner_invoices")
API = "/api/method/hezo_service.api.partner"


def price_marks(price: float) -> list[str]:
	whole = str(int(price))
	return [
		whole,
		f"{whole[:-3]} {whole[-3:]}",
		f"{whole[:-3]}\u00a0{whole[-3:]}",
		f"{whole[:-3]},{whole[-3:]}",
	]


def test_p1_sees_its_own_contract_and_the_ticket_state_only(partner_p1, base_url, data):
	a, b = data["A"], data["B"]
	pages = {path: partner_p1.get(base_url + path, timeout=60) for path in PARTNER_PAGES}
	for path, r in pages.items():
		assert r.status_code == 200, (path, r.status_code)
		for secret in (
			data["marker"],
			b["contract"],
			b["customer"],
			data["P2"]["partner"],
			data["P2"]["invoice"],
		):
			assert secret not in r.text, (path, secret)
	assert f'data-contract="{a["contract"]}"' in pages["/hezo/partner"].text
	# A's ticket among its customers' open tickets (a page at a time: the payload tests add tickets)
	found = False
	for number in range(1, 30):
		service = partner_p1.get(
			base_url + "/hezo/partner_service", params={"tickets_page": number}, timeout=60
		).text
		for private in ("Awaria obrazu", "Opis usterki", "Odpowiedź serwisu", "log-a", data["marker"]):
			assert private not in service, private
		found = found or f'data-ticket="{a["ticket"]}"' in service
		if found or "tickets_page=" + str(number + 1) not in service:
			break
	assert found


def test_p1_reaches_none_of_its_customers_records_through_frappe(partner_p1, base_url, data):
	a = data["A"]
	ticket = partner_p1.get(f"{base_url}/hezo/ticket", params={"name": a["ticket"]}, timeout=60)
	assert ticket.status_code != 200 and "Opis usterki" not in ticket.text
	file = partner_p1.get(base_url + a["file_url"], timeout=60)
	assert file.status_code in (403, 404) and "dziennik" not in file.text
	for method in ("frappe.client.get_list", "frappe.desk.reportview.get"):
		r = partner_p1.post(f"{base_url}/api/method/{method}", data={"doctype": "HEZO Ticket"}, timeout=60)
		assert r.status_code == 403 and a["ticket"] not in r.text


def test_p1_gets_p2s_invoice_and_contract_as_missing_ones(partner_p1, base_url, data):
	answers = set()
	for name in (data["P2"]["invoice"], data["P2"]["invoice"] + "Q"):
		r = partner_p1.get(base_url + f"{API}.invoice_pdf", params={"invoice": name}, timeout=60)
		answers.add((r.status_code, r.text.replace(name, "<NAME>")))
	assert len(answers) == 1 and next(iter(answers))[0] == 404
	answers = set()
	for name in (data["B"]["contract"], data["B"]["contract"] + "Q"):
		r = partner_p1.post(base_url + f"{API}.request_renewal", json={"contract": name}, timeout=60)
		answers.add((r.status_code, re.sub(r"\b[0-9a-f]{10,}\b", "", r.text.replace(name, "<NAME>"))))
	assert len(answers) == 1 and next(iter(answers))[0] == 404
	csv = partner_p1.get(base_url + f"{API}.contracts_csv", timeout=60)
	assert (
		csv.status_code == 200 and data["A"]["contract"] in csv.text and data["B"]["contract"] not in csv.text
	)


def test_customer_a_reaches_no_partner_page_and_sees_no_partner_price(customer_a, base_url, data):
	for path in PARTNER_PAGES:
		r = customer_a.get(base_url + path, timeout=60)
		assert r.status_code != 200, path
	for method, verb in (("contracts_csv", "GET"), ("invoice_pdf", "GET"), ("request_renewal", "POST")):
		r = customer_a.request(
			verb,
			base_url + f"{API}.{method}",
			params={"invoice": data["P2"]["invoice"]},
			json={"contract": data["A"]["contract"]} if verb == "POST" else None,
			timeout=60,
		)
		assert r.status_code in (404, 422), (method, r.status_code)
	for path, params in (("/hezo", {}), ("/hezo/device", {"serial": data["A"]["serial"]})):
		text = customer_a.get(base_url + path, params=params, timeout=60).text
		for mark in price_marks(data["partner_price"]):
			assert mark not in text, (path, mark)
