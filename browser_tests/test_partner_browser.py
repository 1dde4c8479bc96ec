"""The partners' portal in the browser: a partner's user signs in on Frappe's login page, finds its
customer's contract number in its contract list (the list's filter), and requests the renewal from
its renewal list; the desk then has a draft Quotation for the partner renewing that contract.
Screenshots in artefacts/partner-contracts.png, partner-renewals.png, partner-renewal-requested.png."""

from __future__ import annotations

from portal_helpers import get, wait_for


def test_a_partner_finds_a_contract_number_and_requests_its_renewal(browser, base_url, data, admin, shots):
	p = data["partner"]
	context = browser.new_context(base_url=base_url, locale="pl-PL", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	page.set_default_timeout(30000)
	try:
		page.goto("/login")
		page.fill("#login_email", p["user"])
		page.fill("#login_password", p["password"])
		page.click(".btn-login")
		page.wait_for_url("**/hezo**", wait_until="domcontentloaded")
		# the menu leads a partner's user to the partner pages
		page.click("header a[href='/hezo/partner']")
		page.wait_for_url("**/hezo/partner", wait_until="domcontentloaded")
		page.fill("#hz-q", p["customer_name"])
		page.click(".hz-filter button[type=submit]")
		page.wait_for_url("**q=*", wait_until="domcontentloaded")
		numbers = page.locator("#hz-partner-contracts .hz-contract-no").all_inner_texts()
		assert sorted(numbers) == sorted([p["due"], p["later"]])
		assert "Objęte ochroną dziś" in page.inner_text("#hz-partner-contracts")
		page.screenshot(path=shots / "partner-contracts.png", full_page=True)

		page.click(".hz-partner-nav a[href='/hezo/partner_renewals']")
		page.wait_for_url("**/hezo/partner_renewals", wait_until="domcontentloaded")
		row = page.locator(f"#hz-partner-renewals tr[data-contract='{p['due']}']")
		assert row.count() == 1
		assert page.locator(f"#hz-partner-renewals tr[data-contract='{p['later']}']").count() == 0
		page.screenshot(path=shots / "partner-renewals.png", full_page=True)
		row.locator(".hz-request-renewal").click()
		page.locator("#hz-msg.alert-success").wait_for()
		assert p["due"] in page.inner_text("#hz-msg")
		page.screenshot(path=shots / "partner-renewal-requested.png", full_page=True)

		quotations = wait_for(
			lambda: get(
				admin,
				"Quotation",
				filters=[["Quotation Item", "hezo_renews_contract", "=", p["due"]]],
				fields=["name", "party_name", "docstatus"],
			)
		)
		assert quotations and quotations[0]["party_name"] == p["partner"] and quotations[0]["docstatus"] == 0
		# a second request from a reloaded page: already requested, said as such
		page.reload()
		assert quotations[0]["name"] in row.inner_text()
	finally:
		context.close()
