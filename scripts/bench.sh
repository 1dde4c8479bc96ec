# Shared by ./dev and ./run-tests (sourced, not run): the services a Frappe + ERPNext bench needs, the
# app linked into the bench, and a site set up as the distributor runs it. Nothing here builds the
# bench itself (Frappe and ERPNext): that is the prerequisite the README describes.

here=${here:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
bench_dir=${HEZO_BENCH:-/opt/frappe-bench}
db_root_password=${HEZO_DB_ROOT_PASSWORD:-root}
state_dir="$here/.dev" # pids, logs and what ./dev started (git-ignored)

say() { printf '%s\n' "$*"; }
die() {
	printf 'FAILED: %s\n' "$*" >&2
	exit 1
}

# step NAME CMD...: says what it does, runs it, says how long it took. Not `CMD || die`: set -e is
# off inside a function called that way, so a failing command half-way would go unnoticed.
current_step=""
step() {
	local name=$1 t0=$SECONDS
	shift
	printf -- '-> %s\n' "$name"
	current_step=$name
	"$@"
	current_step=""
	printf '   %s: %d s\n' "$name" $((SECONDS - t0))
}
# for the scripts' EXIT traps: which step failed
report_failed_step() {
	[ "$1" = 0 ] || [ -z "$current_step" ] || printf 'FAILED: %s\n' "$current_step" >&2
}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		die "this step needs root or sudo: $*"
	fi
}

# The bench must exist (made by hand with Frappe's installer, README "Prerequisite").
require_bench() {
	local missing=()
	[ -x "$bench_dir/env/bin/python" ] || missing+=("a bench at $bench_dir (env/bin/python)")
	[ -d "$bench_dir/apps/frappe" ] || missing+=("Frappe in $bench_dir/apps/frappe")
	[ -d "$bench_dir/apps/erpnext" ] || missing+=("ERPNext in $bench_dir/apps/erpnext")
	command -v bench >/dev/null || missing+=("the 'bench' command (pip install frappe-bench)")
	if [ ${#missing[@]} -gt 0 ]; then
		local list
		list=$(printf '%s; ' "${missing[@]}")
		printf 'FAILED: missing %s.\n' "${list%; }" >&2
		printf 'Set HEZO_BENCH to your Frappe v15 + ERPNext v15 bench; README.md, "Prerequisite", says how to make one.\n' >&2
		exit 1
	fi
}

# shellcheck source=scripts/mail.sh
source "$here/scripts/mail.sh"

bench_config() { # KEY: a value of the bench's common_site_config.json
	"$bench_dir/env/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' \
		"$bench_dir/sites/common_site_config.json" "$1"
}

# System packages: MariaDB, Redis, wkhtmltopdf (PDFs), poppler-utils (PDF text and pictures in tests).
ensure_packages() {
	local need=()
	command -v mariadbd >/dev/null || need+=(mariadb-server)
	command -v redis-server >/dev/null || need+=(redis-server)
	command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
	command -v pdftotext >/dev/null || need+=(poppler-utils)
	[ ${#need[@]} -eq 0 ] && return 0
	say "   installing ${need[*]}"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
}

db_ok() { mariadb -uroot -p"$db_root_password" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; }

# MariaDB with utf8mb4_unicode_ci (Frappe's requirement) and a root password for `bench new-site`.
ensure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-frappe.cnf
	if [ ! -f "$conf" ]; then
		as_root tee "$conf" >/dev/null <<-'EOF'
			[mysqld]
			character-set-client-handshake = FALSE
			character-set-server = utf8mb4
			collation-server = utf8mb4_unicode_ci
			[mysql]
			default-character-set = utf8mb4
		EOF
		if mariadb-admin ping >/dev/null 2>&1; then
			say "   restarting MariaDB for utf8mb4_unicode_ci"
			as_root mariadb-admin shutdown 2>/dev/null || mariadb-admin -uroot -p"$db_root_password" shutdown
			sleep 2
		fi
	fi
	if ! mariadb-admin ping >/dev/null 2>&1; then
		as_root mkdir -p /run/mysqld
		as_root chown mysql:root /run/mysqld
		# no systemd on these machines: mysqld_safe in the background
		# setsid -f, not `&`: a backgrounded function would stay behind as mysqld_safe's parent, holding
		# the caller's output open (a pipe that never ends)
		as_root setsid -f nohup mysqld_safe >/tmp/hezo-mysqld.log 2>&1 </dev/null
		for _ in $(seq 60); do mariadb-admin ping >/dev/null 2>&1 && break; sleep 1; done
		mariadb-admin ping >/dev/null 2>&1 || die "MariaDB did not start (see /tmp/hezo-mysqld.log)"
		mkdir -p "$state_dir" && touch "$state_dir/started-mariadb"
	fi
	if ! db_ok; then
		# a fresh Debian MariaDB lets root in by unix socket only
		as_root mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password \
			USING PASSWORD('$db_root_password') OR unix_socket; FLUSH PRIVILEGES;" \
			|| die "cannot log in to MariaDB as root with HEZO_DB_ROOT_PASSWORD, nor set it"
	fi
	local collation
	collation=$(mariadb -uroot -p"$db_root_password" -h127.0.0.1 -N -e 'select @@collation_server')
	[ "$collation" = utf8mb4_unicode_ci ] || die "MariaDB's collation is $collation, Frappe needs utf8mb4_unicode_ci"
}

# Redis on every port the bench's config names (redis_cache, redis_queue, redis_socketio).
ensure_redis() {
	local url port
	for key in redis_cache redis_queue redis_socketio; do
		url=$(bench_config "$key")
		[ -n "$url" ] || continue
		port=${url##*:}
		port=${port%%/*}
		redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && continue
		redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save "" --appendonly no \
			--logfile "/tmp/hezo-redis-$port.log"
		for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
		redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 || die "Redis did not start on port $port"
		mkdir -p "$state_dir" && echo "$port" >>"$state_dir/started-redis"
	done
}

ensure_services() {
	step "system packages (MariaDB, Redis, wkhtmltopdf, poppler-utils)" ensure_packages
	step "MariaDB (utf8mb4_unicode_ci, root password)" ensure_mariadb
	step "Redis on the bench's ports" ensure_redis
	step "mail servers: Postfix (SMTP $mail_host:$smtp_port), Dovecot (IMAP $mail_host:$imap_port)" ensure_mail
}

# This checkout as the bench's hezo_service, its Python packages, and Frappe's test requirements.
link_app() {
	cd "$bench_dir"
	if [ "$(readlink -f apps/hezo_service 2>/dev/null)" != "$here" ]; then
		rm -rf apps/hezo_service
		ln -s "$here" apps/hezo_service
	fi
	local installed
	installed=$(./env/bin/python -c 'import hezo_service, os; print(os.path.dirname(os.path.dirname(hezo_service.__file__)))' 2>/dev/null || true)
	if [ "$installed" != "$here" ] || [ pyproject.toml -nt "$state_dir/pip-installed" ] 2>/dev/null; then
		./env/bin/python -m pip install -q --disable-pip-version-check -e apps/hezo_service
	fi
	# Frappe 15's dependencies import pkg_resources (gone from setuptools 70)
	./env/bin/python -c 'import pkg_resources' 2>/dev/null || ./env/bin/python -m pip install -q "setuptools<70"
	# the bench tests need Frappe's dev requirements (freezegun ...)
	./env/bin/python -c 'import freezegun' 2>/dev/null || bench setup requirements --dev >/dev/null
	# apps.txt: one app a line, ending in a newline (a missing one glues the next app's name on)
	[ -z "$(tail -c1 sites/apps.txt)" ] || echo >>sites/apps.txt
	grep -qx hezo_service sites/apps.txt || echo hezo_service >>sites/apps.txt
	# the portal's CSS and JS are served from sites/assets/hezo_service: the link `bench build` makes
	[ -e sites/assets/hezo_service ] || ln -s "$bench_dir/apps/hezo_service/hezo_service/public" sites/assets/hezo_service
	mkdir -p "$state_dir" && touch "$state_dir/pip-installed"
	cd "$here"
}

site_exists() { [ -f "$bench_dir/sites/$1/site_config.json" ]; }

drop_site() {
	(cd "$bench_dir" && bench drop-site "$1" --force --no-backup --db-root-username root \
		--db-root-password "$db_root_password" >/dev/null)
}

# A new site with ERPNext set up for the Polish distributor, and hezo_service.
new_site() {
	local site=$1
	(
		cd "$bench_dir"
		bench new-site "$site" --admin-password admin --db-root-username root \
			--mariadb-root-password "$db_root_password" --install-app erpnext --install-app hezo_service \
			>/dev/null
		# `bench execute` reaches only an installed app's code, so the wizard runs after install-app
		bench --site "$site" execute hezo_service.site_setup.setup_distributor_site >/dev/null
	)
}
