from hezo_service.core.sla.cli import main

raise SystemExit(main())
