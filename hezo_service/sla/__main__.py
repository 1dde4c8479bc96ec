from hezo_service.sla.cli import main

raise SystemExit(main())
