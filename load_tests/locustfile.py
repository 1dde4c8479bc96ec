"""The load tier's users (Locust): engineers in the desk's REST API listing and opening HEZO tickets and
filing new ones through the desk's API. Every ticket answered 2xx is remembered (the runner checks each
exists afterwards). Loopback only; the runner bounds time and users."""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

CREATED = os.environ.get("HEZO_LOAD_CREATED", "/tmp/hezo-load-created.txt")
SERIALS = [s for s in os.environ.get("HEZO_LOAD_SERIALS", "").split(",") if s]


class Engineer(HttpUser):
	wait_time = between(0.2, 1.0)

	def on_start(self) -> None:
		self.client.headers["Host"] = os.environ.get("HEZO_LOAD_SITE", "hezo-load.localhost")
		self.client.post("/api/method/login", data={"usr": "Administrator", "pwd": "admin"})

	@task(5)
	def list_tickets(self) -> None:
		self.client.get(
			"/api/resource/HEZO Ticket",
			params={"fields": '["name","subject","status","response_due"]', "limit_page_length": 20},
			name="desk: list tickets",
		)

	@task(3)
	def open_ticket(self) -> None:
		with self.client.get(
			"/api/resource/HEZO Ticket",
			params={"limit_page_length": 50},
			name="desk: list names",
			catch_response=True,
		) as r:
			names = [t["name"] for t in r.json().get("data", [])] if r.ok else []
		if names:
			self.client.get(f"/api/resource/HEZO Ticket/{random.choice(names)}", name="desk: open ticket")

	@task(1)
	def file_ticket(self) -> None:
		if not SERIALS:
			return
		serial, contract, priority = random.choice(SERIALS).split(":")
		r = self.client.post(
			"/api/resource/HEZO Ticket",
			json={
				"subject": "load",
				"serial_no": serial,
				"contract_no": contract,
				"priority": priority,
				"channel": "Phone",
			},
			name="desk: file ticket",
		)
		if r.status_code < 300:
			with open(CREATED, "a") as f:
				f.write(r.json()["data"]["name"] + "\n")
