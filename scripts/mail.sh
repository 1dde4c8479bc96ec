# Sourced by scripts/bench.sh: the real mail servers of the e-mail channel (docs/mail.md).
# Postfix (SMTP) and Dovecot (IMAP), Debian's packages, on loopback only. Every address of every domain
# is delivered to a Maildir of its own under $mail_root, so pomoc@, escalation@, the desk's sender and
# every customer have a mailbox; nothing leaves the machine. IMAP login: the full address, one password.

mail_host=127.0.0.1
smtp_port=${HEZO_SMTP_PORT:-2525}
imap_port=${HEZO_IMAP_PORT:-1143}
mail_password=${HEZO_MAIL_PASSWORD:-hezo-mail}
mail_root=/var/mail/hezo
mail_marker="# written by hezo_service scripts/mail.sh"
dovecot_conf=/etc/dovecot/hezo-dev.conf

mail_packages() {
	local need=()
	command -v postfix >/dev/null || need+=(postfix)
	command -v dovecot >/dev/null || need+=(dovecot-imapd)
	[ ${#need[@]} -eq 0 ] && return 0
	say "   installing ${need[*]}"
	# Postfix's installer asks what kind of site this is: none, its configuration is written below
	echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
}

# A machine's own Postfix or Dovecot configuration is never overwritten: only ours (the marker), none,
# or the package's untouched default (FILE DEFAULT)
mail_config_ours() { [ ! -f "$1" ] || grep -qF "$mail_marker" "$1" || { [ -n "${2:-}" ] && cmp -s "$1" "$2"; }; }

mail_config() {
	id vmail >/dev/null 2>&1 || as_root useradd --system --home-dir "$mail_root" --shell /usr/sbin/nologin vmail
	as_root mkdir -p "$mail_root"
	as_root chown vmail:vmail "$mail_root"
	local uid gid
	uid=$(id -u vmail)
	gid=$(id -g vmail)
	mail_config_ours /etc/postfix/main.cf || die "/etc/postfix/main.cf is not ours: point HEZO_SMTP_PORT at that server or remove it"
	as_root tee /etc/postfix/main.cf >/dev/null <<-EOF
		$mail_marker
		compatibility_level = 3.6
		myhostname = mail.myhezo.localhost
		myorigin = \$myhostname
		mydestination =
		inet_interfaces = loopback-only
		inet_protocols = ipv4
		mynetworks = 127.0.0.0/8
		smtpd_relay_restrictions = permit_mynetworks, reject
		smtpd_recipient_restrictions = permit_mynetworks, reject
		alias_maps =
		alias_database =
		# every domain is ours: each address gets a mailbox in Dovecot, nothing is relayed out
		virtual_mailbox_domains = static:all
		virtual_mailbox_maps = static:all
		virtual_transport = dovecot
		dovecot_destination_recipient_limit = 1
		recipient_delimiter = +
		message_size_limit = 52428800
		default_transport = error:the HEZO development mail server delivers nothing outside
		maillog_file = /var/log/hezo-postfix.log
	EOF
	if mail_config_ours /etc/postfix/master.cf /usr/share/postfix/master.cf.dist; then
		{
			echo "$mail_marker"
			sed -E "s/^smtp( +)inet /$mail_host:$smtp_port\1inet /" /usr/share/postfix/master.cf.dist
			# Dovecot's delivery agent files each message (user+tag@domain in user@domain's mailbox)
			echo "dovecot   unix  -       n       n       -       -       pipe"
			echo "  flags=DRhu user=vmail:vmail argv=/usr/lib/dovecot/dovecot-lda -c $dovecot_conf -f \${sender} -d \${user}@\${domain}"
		} | as_root tee /etc/postfix/master.cf >/dev/null
		# no chroot: nothing is copied into /var/spool/postfix on machines without an init system
		as_root postconf -F '*/*/chroot = n'
	fi
	as_root touch /var/log/hezo-dovecot-lda.log
	as_root chown vmail:vmail /var/log/hezo-dovecot-lda.log
	mail_config_ours "$dovecot_conf" || die "$dovecot_conf is not ours"
	as_root tee "$dovecot_conf" >/dev/null <<-EOF
		$mail_marker
		protocols = imap
		listen = $mail_host
		base_dir = /run/dovecot-hezo
		log_path = /var/log/hezo-dovecot.log
		protocol lda {
		  log_path = /var/log/hezo-dovecot-lda.log
		}
		ssl = no
		disable_plaintext_auth = no
		auth_mechanisms = plain login
		first_valid_uid = $uid
		mail_location = maildir:$mail_root/%d/%n
		namespace inbox {
		  inbox = yes
		}
		passdb {
		  driver = static
		  args = password=$mail_password
		}
		userdb {
		  driver = static
		  args = uid=$uid gid=$gid home=$mail_root/%d/%n
		}
		# the delivery agent runs as vmail and reports to the stats service too
		service stats {
		  unix_listener stats-writer {
		    mode = 0666
		  }
		}
		service imap-login {
		  inet_listener imap {
		    address = $mail_host
		    port = $imap_port
		  }
		  inet_listener imaps {
		    port = 0
		  }
		}
	EOF
}

smtp_ok() { (exec 3<>"/dev/tcp/$mail_host/$smtp_port") 2>/dev/null; }
imap_ok() { (exec 3<>"/dev/tcp/$mail_host/$imap_port") 2>/dev/null; }

start_postfix() {
	if as_root postfix status >/dev/null 2>&1; then
		as_root postfix reload >/dev/null 2>&1 # the configuration above may have changed
	else
		as_root postfix start >/dev/null 2>&1 || true
	fi
	for _ in $(seq 30); do smtp_ok && break; sleep 0.5; done
	smtp_ok || die "Postfix did not start on $mail_host:$smtp_port (see /var/log/hezo-postfix.log)"
	mkdir -p "$state_dir" && touch "$state_dir/started-postfix"
}

start_dovecot() {
	imap_ok && return 0
	as_root dovecot -c "$dovecot_conf"
	for _ in $(seq 30); do imap_ok && break; sleep 0.5; done
	imap_ok || die "Dovecot did not start on $mail_host:$imap_port (see /var/log/hezo-dovecot.log)"
	mkdir -p "$state_dir" && touch "$state_dir/started-dovecot"
}

ensure_mail() {
	mail_packages
	mail_config
	start_postfix
	start_dovecot
}

# what ./dev down stops: only the servers this project started
stop_mail() {
	if [ -f "$state_dir/started-postfix" ]; then
		as_root postfix stop >/dev/null 2>&1 || true
		say "   Postfix: stopped"
		rm -f "$state_dir/started-postfix"
	fi
	if [ -f "$state_dir/started-dovecot" ]; then
		as_root dovecot -c "$dovecot_conf" stop >/dev/null 2>&1 || true
		say "   Dovecot: stopped"
		rm -f "$state_dir/started-dovecot"
	fi
}

mail_logins() {
	cat <<-EOF
		  Mail:    SMTP $mail_host:$smtp_port (no login from this machine)   IMAP $mail_host:$imap_port
		           logins: any address (pomoc@myhezo.pl, escalation@myhezo.pl, a customer's) / $mail_password
		           read a mailbox: ./dev mail it@demo-klient.pl
	EOF
}
