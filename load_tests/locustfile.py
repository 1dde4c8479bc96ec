"""The load tier's users (Locust), on loopback only (the runner bounds time and users):
- engineers in the desk's REST API listing and opening HEZO tickets and filing new ones;
- a customer in the portal reading its dashboard and tickets, filing tickets and replying through the
  portal's methods (with the page's CSRF token);
- the partner who sold its contracts, reading its contracts, service and renewals pages;
- the peer (benchmarks/service_day.py alone runs it): engineers doing the same on ERPNext's Issue.
Every ticket answered 2xx is remembered (the runner checks each exists afterwards)."""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

CREATED = os.environ.get("HEZO_LOAD_CREATED", "/tmp/hezo-load-created.txt")
SERIALS = [s for s in os.environ.get("HEZO_LOAD_SERIALS", "").split(",") if s]
# hezo_service.tests.load_users.prepare's answer
PORTAL = json.loads(os.environ.get("HEZO_LOAD_USERS") or "{}")
SITE = os.environ.get("HEZO_LOAD_SITE", "hezo-load.localhost")


def remember(name: str) -> None:
	with open(CREATED, "a") as f:
		f.write(name + "\n")


class Engineer(HttpUser):
	weight = 2
	wait_time = between(0.2, 1.0)

	def on_start(self) -> None:
		self.client.headers["Host"] = SITE
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
			remember(r.json()["data"]["name"])


class PortalUser(HttpUser):
	"""Signs in as PORTAL[who] and takes the CSRF token its first portal page carries."""

	abstract = True
	who = ""

	def on_start(self) -> None:
		login = PORTAL.get(self.who)
		if not login:
			raise RuntimeError(f"no {self.who} login: HEZO_LOAD_USERS is not set")
		self.client.headers["Host"] = SITE
		self.client.post("/api/method/login", data={"usr": login["user"], "pwd": login["password"]})
		page = self.client.get("/hezo", name=f"{self.who}: first page").text
		found = re.search(r'frappe\.csrf_token = "([^"]+)"', page)
		self.client.headers["X-Frappe-CSRF-Token"] = found.group(1) if found else ""


class Customer(PortalUser):
	weight = 2
	wait_time = between(0.5, 2.0)
	who = "customer"

	@task(4)
	def dashboard(self) -> None:
		self.client.get("/hezo", name="portal: dashboard")

	@task(3)
	def read_ticket(self) -> None:
		tickets = PORTAL["customer"]["tickets"]
		if tickets:
			self.client.get(f"/hezo/ticket?name={random.choice(tickets)}", name="portal: ticket")

	@task(1)
	def history(self) -> None:
		self.client.get("/hezo/tickets", name="portal: ticket history")

	@task(1)
	def file_ticket(self) -> None:
		serials = PORTAL["customer"]["serials"]
		if not serials:
			return
		serial, contract, priority = random.choice(serials).split(":")
		r = self.client.post(
			"/api/method/hezo_service.api.portal.create_ticket",
			data={
				"serial_no": serial,
				"contract_no": contract,
				"priority": priority,
				"subject": "load (portal)",
				"description": "Obraz zamarza co kilka minut.",
			},
			name="portal: file ticket",
		)
		if r.status_code < 300:
			remember(r.json()["message"]["name"])

	@task(1)
	def reply(self) -> None:
		tickets = PORTAL["customer"]["tickets"]
		if tickets:
			self.client.post(
				"/api/method/hezo_service.api.portal.reply",
				data={"ticket": random.choice(tickets), "message": "Dziękujemy, czekamy na kontakt."},
				name="portal: reply",
			)


class Partner(PortalUser):
	weight = 1
	wait_time = between(0.5, 2.0)
	who = "partner"

	@task(3)
	def contracts(self) -> None:
		self.client.get("/hezo/partner", name="partner: contracts")

	@task(2)
	def service(self) -> None:
		self.client.get("/hezo/partner_service", name="partner: service")

	@task(1)
	def renewals(self) -> None:
		self.client.get("/hezo/partner_renewals", name="partner: renewals")


class IssueEngineer(HttpUser):
	"""The desk engineer's work on ERPNext's Issue with its Service Level Agreement (the peer)."""

	wait_time = between(0.2, 1.0)

	def on_start(self) -> None:
		self.client.headers["Host"] = SITE
		self.client.post("/api/method/login", data={"usr": "Administrator", "pwd": "admin"})

	@task(5)
	def list_issues(self) -> None:
		self.client.get(
			"/api/resource/Issue",
			params={"fields": '["name","subject","status","response_by"]', "limit_page_length": 20},
			name="desk: list issues",
		)

	@task(3)
	def open_issue(self) -> None:
		with self.client.get(
			"/api/resource/Issue",
			params={"limit_page_length": 50},
			name="desk: list issue names",
			catch_response=True,
		) as r:
			names = [t["name"] for t in r.json().get("data", [])] if r.ok else []
		if names:
			self.client.get(f"/api/resource/Issue/{random.choice(names)}", name="desk: open issue")

	@task(1)
	def file_issue(self) -> None:
		r = self.client.post(
			"/api/resource/Issue",
			json={"subject": "load", "priority": "Medium", "raised_by": "load@customer.example"},
			name="desk: file issue",
		)
		if r.status_code < 300:
			with open(os.environ.get("HEZO_LOAD_ISSUES", "/tmp/hezo-load-issues.txt"), "a") as f:
				f.write(r.json()["data"]["name"] + "\n")
