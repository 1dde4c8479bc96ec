frappe.ui.form.on("HEZO Billing Document", {
	refresh(frm) {
		if (frm.is_new()) return;
		for (const fmt of ["csv", "xlsx"]) {
			frm.add_custom_button(fmt.toUpperCase(), () => {
				window.open(
					`/api/method/hezo_service.api.finance.export_billing?name=${encodeURIComponent(frm.doc.name)}&fmt=${fmt}`
				);
			}, __("Export"));
		}
	},
});
