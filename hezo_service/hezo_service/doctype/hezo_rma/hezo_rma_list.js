// Copyright (c) 2026, myHEZO and contributors
// For license information, please see license.txt

frappe.listview_settings["HEZO RMA"] = {
	add_fields: ["status", "return_status", "chargeable"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.chargeable) return [__("Chargeable"), "purple", "chargeable,=,1"];
		if (doc.return_status === "Overdue") return [__("Return overdue"), "red", "return_status,=,Overdue"];
		const colors = {
			Open: "gray",
			"Awaiting Stock": "red",
			Reserved: "blue",
			Ordered: "purple",
			Shipped: "orange",
			Delivered: "green",
			Returned: "cyan",
			Closed: "gray",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
