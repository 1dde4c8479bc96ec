"""The client of load_tests/restart_services: one engineer signed in once, filing a ticket through the
desk's API and listing tickets in turn for SECONDS (bounded: at most 5,000 requests), on loopback only.
Every request is written to LOG as a JSON line (start, end, what, HTTP status or the error, the ticket
filed), so the runner can tell the failures inside its fault windows from those outside, and check that
every ticket answered 2xx is there afterwards.
Usage: restart_client.py BASE_URL SITE SERIALS LOG SECONDS   (SERIALS: serial:contract:priority,...)"""

from __future__ import annotations

import json
import random
import sys
import time

import requests

MAX_REQUESTS = 5000


def main() -> None:
	base, site, serials, log, seconds = sys.argv[1:6]
	choices = [s.split(":") for s in serials.split(",") if s]
	if not choices:
		raise SystemExit("restart_client: no serials to file tickets on")
	session = requests.Session()
	session.headers["Host"] = site
	session.post(
		f"{base}/api/method/login", data={"usr": "Administrator", "pwd": "admin"}, timeout=30
	).raise_for_status()
	end = time.time() + float(seconds)
	with open(log, "a") as out:
		for i in range(MAX_REQUESTS):
			if time.time() >= end:
				break
			row: dict = {"start": time.time()}
			try:
				if i % 2:
					row["what"] = "list"
					r = session.get(
						f"{base}/api/resource/HEZO Ticket", params={"limit_page_length": 5}, timeout=30
					)
				else:
					serial, contract, priority = random.choice(choices)
					row["what"] = "file"
					r = session.post(
						f"{base}/api/resource/HEZO Ticket",
						json={
							"subject": "restart",
							"serial_no": serial,
							"contract_no": contract,
							"priority": priority,
							"channel": "Phone",
						},
						timeout=30,
					)
					if r.status_code < 300:
						row["ticket"] = r.json()["data"]["name"]
				row["status"] = r.status_code
			except requests.RequestException as e:
				row["status"] = 0
				row["error"] = type(e).__name__
			row["end"] = time.time()
			out.write(json.dumps(row) + "\n")
			out.flush()
			time.sleep(0.05)


if __name__ == "__main__":
	main()
