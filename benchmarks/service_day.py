"""The load + fault tier (load_tests/run) at 1, 2 and 4 gunicorn workers, one after another on the same
generated year, their per-endpoint tables side by side; then the peer: the same engineers' work on
ERPNext's own Issue with its Service Level Agreement, on the same site with as many Issues
(hezo_service/tests/issue_peer.py), at 2 workers; then each system's SLA job over every open record.

cd BENCH && ./env/bin/python /path/to/hezo_service/benchmarks/service_day.py --site S --scale 1
Options: --seconds N of load per run (default 60), --users N (default 8), --size NAME=N (generate_year.py).
The site must be a throw-away site (allow_tests set)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--scale", type=float, default=1.0)
	parser.add_argument("--seconds", type=int, default=60)
	parser.add_argument("--users", type=int, default=8)
	parser.add_argument("--size", action="append", default=[], metavar="NAME=N")
	args = parser.parse_args()
	subprocess.run(
		[
			sys.executable,
			os.path.join(HERE, "generate_year.py"),
			"--site",
			args.site,
			"--scale",
			str(args.scale),
			*(f"--size={size}" for size in args.size),
		],
		check=True,
	)
	print("peer:", execute(args.site, "hezo_service.tests.issue_peer.prepare"))
	failed = False
	runs = [(w, "Engineer Customer Partner", "HEZO Ticket, portal, partner") for w in (1, 2, 4)]
	runs.append((2, "IssueEngineer", "peer: ERPNext Issue with its SLA"))
	for workers, classes, label in runs:
		env = {
			**os.environ,
			"WORKERS": str(workers),
			"SECONDS_LOAD": str(args.seconds),
			"USERS": str(args.users),
			"CLASSES": classes,
		}
		run = subprocess.run(
			[os.path.join(HERE, "..", "load_tests", "run"), args.site],
			env=env,
			capture_output=True,
			text=True,
		)
		print(
			f"\n== {label}: {workers} gunicorn worker(s), x{args.scale}, {args.users} users, {args.seconds} s =="
		)
		print("\n".join(line for line in run.stdout.splitlines() if not line.startswith("{")))
		failed |= run.returncode != 0
	print("\n== SLA jobs over every open record (ms; rolled back) ==")
	print(execute(args.site, "hezo_service.tests.issue_peer.jobs"))
	raise SystemExit(1 if failed else 0)


def execute(site: str, method: str) -> str:
	"""`bench execute`'s last line (its JSON answer)."""
	run = subprocess.run(
		["bench", "--site", site, "execute", method], capture_output=True, text=True, check=True
	)
	return run.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
	main()
