"""The client address of a request. Frappe takes the first X-Forwarded-For entry (or a REMOTE_ADDR
*header*) whoever sent it, so a client talking to the app server directly names its own address and
escapes every per-IP limit. Here a forwarded address counts only when the socket peer is a proxy the
site trusts (site config `hezo_trusted_proxies`: addresses or networks); otherwise the peer is the
client."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(trusted: Iterable[str] | str | None) -> list[Network]:
	if isinstance(trusted, str):
		trusted = [trusted]
	result = []
	for entry in trusted or ():
		try:
			result.append(ipaddress.ip_network(str(entry).strip(), strict=False))
		except ValueError:
			continue  # a typo in the site config trusts nothing rather than everything
	return result


def _is_trusted(address: str, trusted: list[Network]) -> bool:
	try:
		ip = ipaddress.ip_address(address)
	except ValueError:
		return False
	return any(ip in net for net in trusted)


def client_address(peer: str | None, forwarded_for: str | None, trusted: list[Network]) -> str:
	"""The socket peer, unless it is a trusted proxy: then the nearest X-Forwarded-For hop (walking
	from the right) that is not itself a trusted proxy. Entries left of that one are the client's own
	words and are never used."""
	peer = (peer or "").strip() or "0.0.0.0"
	if not forwarded_for or not _is_trusted(peer, trusted):
		return peer
	hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
	for hop in reversed(hops):
		if not _is_trusted(hop, trusted):
			try:
				return str(ipaddress.ip_address(hop))
			except ValueError:
				return peer  # garbage from the client side of the proxy: the proxy is all we know
	return hops[0] if hops else peer
