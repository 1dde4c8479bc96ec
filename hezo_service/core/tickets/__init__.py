"""The ticket's rules, pure (no Frappe): the status machine (`flow`) and the whole clock policy
(`policy`). `hezo_service/services/` maps documents to these values and back."""
