"""Sending probes and judging answers. An answer fails when it
- holds one of B's secrets (any text with the marker, B's NIP, B's user's e-mail), or one of B's
  record names the request did not itself send;
- differs between B's real name and a missing name of the same shape (status or text, with the
  names blanked): the answer would tell that B's record exists (a count, a 403 against a 404, a
  validated link);
- carries a Python traceback;
- (pages) holds a live script: see `live_scripts`.
Failures are collected per test and reported together."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import requests

COUNTS: Counter = Counter()
WORKERS = 4
HEX = re.compile(r"\b[0-9a-f]{10,}\b")
TRACEBACK = "Traceback (most recent call last)"


def fake_name(name: str) -> str:
	"""A name of the same shape that names nothing."""
	return name[:-1] + ("Q" if name[-1:] != "Q" else "W")


class Prober:
	def __init__(self, base_url: str, data: dict, sessions: dict[str, requests.Session]):
		self.base_url = base_url
		self.data = data
		self.sessions = sessions
		b = data["B"]
		self.secrets = [data["marker"], b["nip"], b["user"]]
		# the victim partner P2: its user and tax id (its name carries the marker)
		self.secrets += [data[k][f] for k in ("P2",) if k in data for f in ("user", "tax_id")]
		names = {
			b[k]
			for k in ("customer", "serial", "rma_serial", "contract", "ticket", "rma", "file", "file_url")
		}
		for values in data["b_records"].values():
			names.update(values)
		# longest first: a name that contains another is blanked whole
		self.b_names = sorted((n for n in names if n and len(n) >= 4), key=len, reverse=True)
		self.local = threading.local()

	# -- sending
	def session(self, role: str) -> requests.Session:
		"""One session per thread and role, sharing the role's login cookie and CSRF header."""
		cache = self.local.__dict__.setdefault("sessions", {})
		if role not in cache:
			source = self.sessions[role]
			clone = requests.Session()
			clone.headers.update(source.headers)
			clone.cookies.update(source.cookies)
			cache[role] = clone
		return cache[role]

	def send(self, role: str, verb: str, path: str, **kwargs) -> requests.Response:
		COUNTS[f"{role}: requests"] += 1
		return self.session(role).request(
			verb, self.base_url + path, timeout=120, allow_redirects=False, **kwargs
		)

	# -- judging
	def leaks(self, text: str, sent: str) -> list[str]:
		found = [f"secret {s!r}" for s in self.secrets if s and s in text]
		found += [f"B's name {n!r}" for n in self.b_names if n in text and n not in sent]
		if TRACEBACK in text:
			found.append("a Python traceback")
		return found

	def blank(self, text: str, names: Iterable[str]) -> str:
		for name in names:
			text = text.replace(name, "<NAME>")
		return HEX.sub("<HEX>", text)

	def judge(self, role: str, label: str, response: requests.Response, sent: str) -> list[str]:
		problems = self.leaks(response.text, sent)
		return [f"{role} {label} -> {response.status_code}: {p}" for p in problems]

	def pair(
		self, role: str, label: str, build: Callable[[Callable[[str], str]], tuple[str, str, dict]]
	) -> list[str]:
		"""Send the probe `build` makes naming B's records, then the same naming missing ones; judge
		both and compare them. `build(name)` gets a function mapping one of B's names to the name to
		send and returns (verb, path, requests kwargs)."""
		real_verb, real_path, real_kwargs = build(lambda n: n)
		fake_verb, fake_path, fake_kwargs = build(fake_name)
		real = self.send(role, real_verb, real_path, **real_kwargs)
		fake = self.send(role, fake_verb, fake_path, **fake_kwargs)
		sent = real_path + repr(real_kwargs)
		problems = self.judge(role, label, real, sent)
		problems += self.judge(role, label + " (missing name)", fake, fake_path + repr(fake_kwargs))
		if 429 in (real.status_code, fake.status_code):
			COUNTS[f"{role}: comparisons cut short by a rate limit (429)"] += 1
			return problems
		fakes = [fake_name(n) for n in self.b_names]
		if real.status_code == fake.status_code and self.blank(real.text, self.b_names) == self.blank(
			fake.text, fakes
		):
			return problems
		# a difference: ask both again (pages that change on every request, e.g. a time or a token, or
		# whose first answer came from a cold cache, are compared on the repeated status only)
		fake_again = self.send(role, fake_verb, fake_path, **fake_kwargs)
		real_again = self.send(role, real_verb, real_path, **real_kwargs)
		dynamic = self.blank(fake_again.text, fakes) != self.blank(fake.text, fakes) or self.blank(
			real_again.text, self.b_names
		) != self.blank(real.text, self.b_names)
		if real_again.status_code != fake_again.status_code:
			problems.append(
				f"{role} {label}: B's record answers {real_again.status_code}, "
				f"a missing one {fake_again.status_code}"
			)
		elif not dynamic and self.blank(real_again.text, self.b_names) != self.blank(fake_again.text, fakes):
			problems.append(f"{role} {label}: B's record and a missing one get different answers")
		return problems

	def run_all(self, jobs: list[Callable[[], list[str]]]) -> list[str]:
		with ThreadPoolExecutor(max_workers=WORKERS) as pool:
			results = list(pool.map(lambda job: job(), jobs))
		return [p for r in results for p in r]


# -- live scripts in HTML
class _ScriptFinder(HTMLParser):
	"""Collects what a browser would run that carries the payload mark: an event-handler attribute,
	a javascript: URL, or a <script> element's text."""

	def __init__(self, mark: str):
		super().__init__(convert_charrefs=True)
		self.mark = mark
		self.found: list[str] = []
		self.in_script = False

	def handle_starttag(self, tag, attrs):
		for name, value in attrs:
			value = value or ""
			if name.lower().startswith("on") and self.mark in value:
				self.found.append(f"<{tag} {name}={value!r}>")
			if name.lower() in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
				"javascript:"
			):
				self.found.append(f"<{tag} {name}={value!r}>")
		if tag.lower() in ("script", "svg", "img", "iframe", "object", "embed") and any(
			self.mark in (v or "") for _n, v in attrs
		):
			self.found.append(f"<{tag} ...{self.mark}...>")
		self.in_script = tag.lower() == "script"

	def handle_startendtag(self, tag, attrs):
		self.handle_starttag(tag, attrs)
		self.in_script = False

	def handle_endtag(self, tag):
		if tag.lower() == "script":
			self.in_script = False

	def handle_data(self, data):
		if self.in_script and self.mark in data:
			self.found.append(f"<script>{data.strip()[:80]}</script>")


def live_scripts(html: str, mark: str) -> list[str]:
	finder = _ScriptFinder(mark)
	finder.feed(html)
	finder.close()
	return finder.found
