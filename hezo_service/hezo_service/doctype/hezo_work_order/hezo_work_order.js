frappe.ui.form.on("HEZO Work Order", {
	refresh(frm) {
		if (frm.doc.status === "Done" && !frm.doc.report_sent_at) {
			frm.add_custom_button(__("Send report to the customer"), () =>
				frappe.call({
					method: "hezo_service.api.work_orders.send_work_report",
					args: { name: frm.doc.name },
					freeze: true,
					callback: ({ message }) => {
						frappe.show_alert({
							message: __("Report sent to {0}", [message]),
							indicator: "green",
						});
						frm.reload_doc();
					},
				})
			);
		}
	},
});
