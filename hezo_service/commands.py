"""Bench commands of the app: `bench --site S hezo-demo [--reset]`."""

import click
from frappe.commands import get_site, pass_context


@click.command("hezo-demo")
@click.option("--reset", is_flag=True, help="Remove the demo data and make it again.")
@pass_context
def hezo_demo(context, reset: bool = False) -> None:
	"""Fill the site with a realistic demo data set: customers across all plans, devices under
	contracts, tickets in every state, RMAs and spare stock, a desk and a portal login."""
	import frappe

	from hezo_service.demo import make_demo_site

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		make_demo_site(reset=reset)
	finally:
		frappe.destroy()


commands = [hezo_demo]
