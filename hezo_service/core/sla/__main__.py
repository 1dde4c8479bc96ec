from hezo_service.core.sla.cli import main

if __name__ == "__main__":  # `python -m hezo_service.core.sla`; importing the module runs nothing
	raise SystemExit(main())
