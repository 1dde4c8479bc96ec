"""Finding 8: the sign-up and link budget. Run last (file name): it uses up this client's budget.
With no trusted proxy configured, X-Forwarded-For is the client's own word and must change nothing;
/api/method and /api/v2/method spend one budget."""

from __future__ import annotations

from attack_tests.probe import COUNTS

LIMIT = 10  # attempts per client an hour (hezo_service.services.portal.signup.CLIENT_BUDGET)


def test_8_spoofed_forwarded_for_and_v2_share_one_budget(guest, base_url):
	statuses = []
	for attempt in range(LIMIT + 5):
		prefix = "/api/v2/method/" if attempt % 2 else "/api/method/"
		r = guest.post(
			f"{base_url}{prefix}hezo_service.api.portal.sign_up",
			data={
				"nip": "5260250995",
				"serial_no": f"SPOOF{attempt}",
				"contract_no": "HZ-NONE",
				"full_name": "Jan Nowak",
				"email": f"spoof{attempt}@atak.example",
			},
			headers={
				"X-Forwarded-For": f"198.51.100.{attempt + 1}",
				"REMOTE_ADDR": f"203.0.113.{attempt + 1}",
			},
			timeout=60,
		)
		statuses.append(r.status_code)
		COUNTS["Guest: sign-up attempts with spoofed addresses"] += 1
	assert statuses.count(429) >= 5, f"no limit across spoofed addresses and both API versions: {statuses}"
	assert all(s in (422, 429) for s in statuses), statuses
