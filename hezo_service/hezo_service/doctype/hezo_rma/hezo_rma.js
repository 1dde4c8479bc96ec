// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.ui.form.on("HEZO RMA", {
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) =>
			frappe
				.call({ method: "hezo_service.api.rma." + method, args: { rma: frm.doc.name, ...args } })
				.then(() => frm.reload_doc());
		if (
			["Open", "Awaiting Stock"].includes(frm.doc.status) &&
			frm.doc.replacement_source === "Spare stock"
		) {
			frm.add_custom_button(__("Reserve spare unit"), () => call("reserve"));
		}
		if (frm.doc.status === "Delivered" && !frm.doc.return_waybill) {
			frm.add_custom_button(__("Issue return waybill"), () =>
				frappe.prompt(
					[
						{
							fieldname: "return_waybill",
							label: __("Return waybill (prepaid)"),
							fieldtype: "Data",
							reqd: 1,
						},
						{
							fieldname: "return_carrier",
							label: __("Return carrier"),
							fieldtype: "Data",
							reqd: 1,
						},
						{
							fieldname: "return_destination",
							label: __("Return to"),
							fieldtype: "Select",
							options: "Desk\nManufacturer",
							default: "Desk",
						},
					],
					(values) => call("issue_return_waybill", values),
					__("Issue return waybill")
				)
			);
		}
		if (
			frm.doc.return_received_at &&
			!frm.doc.sent_to_repair_at &&
			frm.doc.return_destination !== "Manufacturer"
		) {
			// posts a Material Transfer returns -> repair warehouse (HEZO Settings)
			frm.add_custom_button(__("Send to manufacturer / repair"), () => call("send_to_repair"));
		}
		const pdf = (format) =>
			window.open(
				"/api/method/hezo_service.api.rma.download_pdf?" +
					new URLSearchParams({ rma: frm.doc.name, print_format: format }).toString()
			);
		frm.add_custom_button(__("Delivery note"), () => pdf("HEZO Delivery Note"), __("Print"));
		if (frm.doc.return_waybill) {
			frm.add_custom_button(
				__("Return instructions"),
				() => pdf("HEZO Return Instructions"),
				__("Print")
			);
		}
		if (frm.doc.return_status === "Overdue" || frm.doc.chargeable) {
			frm.dashboard.set_headline_alert(
				frm.doc.chargeable
					? __("The faulty unit was not returned: chargeable since {0}.", [
							frm.doc.charge_marked_at,
					  ])
					: __("The faulty unit's return is overdue (due {0}).", [frm.doc.return_due]),
				"red"
			);
		}
	},
});
