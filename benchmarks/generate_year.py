"""A distributor's year of data on a throw-away site (hezo_service/tests/year_data.py), then the invariant
checker's verdict on it.

cd BENCH && ./env/bin/python /path/to/hezo_service/benchmarks/generate_year.py --site S --scale 0.1
Sizes at --scale 1: 3,000 customers, 150 partners, 8,000 contracts over every plan, 25,000 Serial Nos,
60,000 tickets (2,000 open), 300 spare units in three warehouses, 4,000 RMAs, 2,000 renewals billed.
--size NAME=N sets one size on its own (e.g. at --scale 10: --size rmas=4000, the stock side at x1).
Seeded (--seed): a second run adds nothing."""

from __future__ import annotations

import argparse
import os
import time
import warnings

import frappe


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--scale", type=float, default=0.1)
	parser.add_argument("--seed", type=int, default=21)
	parser.add_argument("--size", action="append", default=[], metavar="NAME=N", help="one size on its own")
	parser.add_argument("--strict", action="store_true", help="exit 1 on any invariant violation")
	parser.add_argument("--sites-path", default=os.path.join(os.getcwd(), "sites"))
	args = parser.parse_args()
	warnings.filterwarnings("ignore", message=".*ARC4.*")
	os.chdir(args.sites_path)
	if not os.path.isdir(args.site):
		raise SystemExit(f"{args.site}: no such site in {args.sites_path}")
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	if not frappe.conf.get("allow_tests"):
		raise SystemExit(f"{args.site}: not a throw-away site (allow_tests is not set)")
	from hezo_service.services.common.invariants import check_all
	from hezo_service.tests.year_data import generate, sizes

	try:
		bad = [s for s in args.size if "=" not in s]
		if bad:
			raise ValueError(f"{', '.join(bad)}: NAME=N, e.g. rmas=1000")
		fixed = {name: int(n) for name, n in (s.split("=", 1) for s in args.size)}
		sizes(args.scale, **fixed)
	except ValueError as e:  # a NAME=N that is not one, or a size the year does not have
		parser.error(f"--size: {e}")
	made = generate(args.scale, args.seed, **fixed)
	print(f"generated at x{args.scale} in {made.seconds:.1f} s: {made.counts}")
	start = time.perf_counter()
	violations = check_all()
	print(f"invariants: {len(violations)} violations ({time.perf_counter() - start:.1f} s)")
	for v in violations[:20]:
		print("  ", v)
	frappe.destroy()
	raise SystemExit(1 if violations and args.strict else 0)


if __name__ == "__main__":
	main()
