app_name = "hezo_service"
app_title = "HEZO Service"
app_publisher = "myHEZO"
app_description = (
	"Service contracts, covered devices and tickets with SLA clocks on Polish business calendars"
)
app_email = "pomoc@myhezo.pl"
app_license = "mit"

# bench commands: see hezo_service/commands.py (`bench --site S hezo-demo`)

export_python_type_annotations = True

after_install = "hezo_service.install.after_install"
after_migrate = "hezo_service.install.after_migrate"
before_uninstall = "hezo_service.install.before_uninstall"

doc_events = {
	"Communication": {"after_insert": "hezo_service.services.conversation.on_communication"},
}

scheduler_events = {
	"cron": {
		# set-based: one indexed query picks the tickets whose next SLA check has come
		"* * * * *": ["hezo_service.tasks.sweep_sla", "hezo_service.tasks.deliver_escalations"],
	},
	# RMA (issue 4): return reminders / charges once each, low-stock check
	"daily": ["hezo_service.tasks.rma_daily"],
}
