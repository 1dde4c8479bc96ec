from hezo_service.services.common.message_templates import ensure_templates


def execute() -> None:
	"""Sites installed before the customer messages get their Email Templates (new sites at install)."""
	ensure_templates()
