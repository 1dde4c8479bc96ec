"""The customer finishes its own business in headless Chromium: reopens a resolved ticket with a
reason, closes it once resolved again, finds it in the ticket history, confirms the receipt of a
replacement (the return clock starts), and downloads its RMA's return instructions from its
documents; each step checked in the database (REST as Administrator)."""

from __future__ import annotations

from portal_helpers import get, wait_for


def set_status(admin, ticket: str, status: str) -> None:
	r = admin.put(f"/api/resource/HEZO Ticket/{ticket}", data={"status": status})
	assert r.ok, r.text()


def status_of(admin, ticket: str) -> str:
	return get(admin, "HEZO Ticket", ticket)["status"]


def test_reopen_close_and_find_a_resolved_ticket(page, ticket, admin, shots):
	set_status(admin, ticket, "Resolved")
	page.goto(f"/hezo/ticket?name={ticket}")
	page.locator("#hz-reopen-reason").fill("Obraz znów znika po godzinie")
	page.locator("#hz-reopen button").click()
	wait_for(lambda: status_of(admin, ticket) == "In Progress")
	page.wait_for_load_state()
	assert page.locator("#hz-reopen").count() == 0  # no longer resolved: nothing to reopen
	set_status(admin, ticket, "Resolved")
	page.goto(f"/hezo/ticket?name={ticket}")
	page.screenshot(path=shots / "portal-ticket-resolved-close-or-reopen.png", full_page=True)
	page.locator("#hz-close button").click()
	wait_for(lambda: status_of(admin, ticket) == "Closed")
	page.goto("/hezo/tickets?q=" + ticket)
	row = page.locator(f'#hz-ticket-history tr[data-ticket="{ticket}"]')
	row.wait_for()
	assert "Zamknięte" in row.inner_text() or "Closed" in row.inner_text()
	page.screenshot(path=shots / "portal-ticket-history.png", full_page=True)


def test_documents_list_and_return_instructions(page, data, shots):
	page.goto("/hezo/documents")
	row = page.locator(f'#hz-rma-documents tr[data-rma="{data["rma"]}"]')
	row.wait_for()
	page.screenshot(path=shots / "portal-documents.png", full_page=True)
	link = row.locator("a.hz-doc").first.get_attribute("href")
	assert "rma_return_instructions" in link
	pdf = page.request.get(link)
	assert pdf.ok and pdf.body().startswith(b"%PDF")
	assert row.locator("a.hz-doc", has_text="PDF").count() == 2  # the delivery note too: it was shipped


def test_confirm_the_receipt_of_a_replacement(page, data, admin, shots):
	name = data["shipped_rma"]
	assert (
		get(admin, "HEZO RMA", name)["status"] == "Shipped"
	), "the RMA on its way was confirmed by an earlier run on this site: run on a fresh one (./run-tests does)"
	page.goto(f"/hezo/rma?name={name}")
	form = page.locator("#hz-confirm-receipt")
	form.wait_for()
	page.screenshot(path=shots / "portal-rma-confirm-receipt.png", full_page=True)
	form.locator("button").click()
	wait_for(lambda: get(admin, "HEZO RMA", name)["status"] == "Delivered")
	rma = get(admin, "HEZO RMA", name)
	assert rma["delivered_at"] and rma["return_due"] and rma["return_status"] == "Awaiting return"
	page.wait_for_load_state()
	page.goto(f"/hezo/rma?name={name}")
	assert page.locator("#hz-confirm-receipt").count() == 0
	assert page.locator("#hz-rma-return-due").inner_text().strip() not in ("", "-")
