frappe.query_reports["HEZO Renewal Pipeline"] = {
	filters: [
		{
			fieldname: "days",
			label: __("Ending within (days)"),
			fieldtype: "Select",
			options: ["30", "60", "90"],
			default: "90",
		},
		{
			fieldname: "partner",
			label: __("Partner"),
			fieldtype: "Link",
			options: "Customer",
			get_query: () => ({ filters: { hezo_is_partner: 1 } }),
		},
	],
};
