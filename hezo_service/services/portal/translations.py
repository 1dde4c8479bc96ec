"""The merged translations of a portal request, kept per process. Frappe v15 keeps a language's merged
translations (every app's, about 900 KB pickled) in Redis and unpickles them once per request, about
9 ms here: the largest single cost of a portal page after its statements. The portal keeps the
unpickled dictionary per process and, per request, fetches only the raw bytes (under 1 ms) and reuses
the dictionary when they are the bytes it was made from. Whatever changes a translation (a Translation
record, a migrate, clear-cache) rewrites or deletes those bytes, so nothing stale is ever used."""

from __future__ import annotations

import pickle

import frappe
import redis
from frappe.translate import MERGED_TRANSLATION_KEY

# lang -> (the pickled bytes, the dictionary made from them)
_held: dict[str, tuple[bytes, dict]] = {}


def prime(lang: str | None) -> None:
	"""Put the language's merged translations into this request's cache (where `frappe._` reads them)."""
	if not lang:
		return
	name = frappe.cache.make_key(MERGED_TRANSLATION_KEY)
	local = frappe.local.cache.setdefault(name, {})
	if lang in local:
		return
	try:
		raw = redis.Redis.hget(frappe.cache, name, lang)  # the bytes, without RedisWrapper's unpickling
	except redis.exceptions.ConnectionError:
		return
	if raw is None:
		return  # not merged yet: Frappe's first `_` merges and stores them
	held = _held.get(lang)
	if held is None or held[0] != raw:
		held = (raw, pickle.loads(raw))
		_held[lang] = held
	local[lang] = held[1]
