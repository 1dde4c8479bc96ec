// Contract lifecycle: renew from the desk, quota usage of this contract year.
frappe.ui.form.on("HEZO Contract", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (!frm.doc.renewed_to && !["Draft", "Cancelled"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Renew"), () => hezo_renew(frm));
		}
		frappe.call({
			method: "hezo_service.api.finance.quota_usage",
			args: { contract: frm.doc.name },
			callback: ({ message }) => {
				const rows = (message || [])
					.map(
						(q) =>
							`<tr><td>${frappe.utils.escape_html(q.label_pl || q.kind)}</td><td>${q.used} / ${
								q.limit
							}</td>` +
							`<td>${q.remaining}</td><td>${
								q.over ? `<b class="text-danger">${q.over}</b>` : 0
							}</td></tr>`
					)
					.join("");
				const html = rows
					? `<table class="table table-sm"><tr><th>${__("Quota")}</th><th>${__(
							"Used"
					  )}</th><th>${__("Remaining")}</th><th>${__(
							"Over quota (billable)"
					  )}</th></tr>${rows}</table>`
					: `<span class="text-muted">${__("No quotas on this plan.")}</span>`;
				frm.get_field("quota_usage_html").$wrapper.html(html);
			},
		});
	},
});

function hezo_renew(frm) {
	const d = new frappe.ui.Dialog({
		title: __("Renew contract {0}", [frm.doc.name]),
		fields: [
			{
				fieldname: "term_years",
				fieldtype: "Int",
				label: __("Term (years)"),
				default: frm.doc.term_years || 1,
			},
			{ fieldname: "price", fieldtype: "Currency", label: __("Renewal price"), default: frm.doc.price },
			{ fieldname: "quote", fieldtype: "HTML" },
		],
		primary_action_label: __("Renew"),
		primary_action(values) {
			frappe.call({
				method: "hezo_service.api.finance.renew",
				args: { contract: frm.doc.name, ...values },
				freeze: true,
				callback: ({ message }) => {
					d.hide();
					frappe.set_route("Form", "HEZO Contract", message);
				},
			});
		},
	});
	const show_quote = () =>
		frappe.call({
			method: "hezo_service.api.finance.renewal_quote",
			args: {
				contract: frm.doc.name,
				term_years: d.get_value("term_years"),
				price: d.get_value("price"),
			},
			callback: ({ message: q }) =>
				d
					.get_field("quote")
					.$wrapper.html(
						`<p>${__("New term")}: ${q.new_start} – ${q.new_end}<br>${__("Lapsed days paid")}: ${
							q.lapsed_days
						}` +
							`<br>${__("Reactivation fee")}: ${q.reactivation_fee}<br><b>${__("Total")}: ${
								q.total
							}</b></p>`
					),
		});
	d.fields_dict.term_years.df.onchange = show_quote;
	d.fields_dict.price.df.onchange = show_quote;
	d.show();
	show_quote();
}
