from tradeanalysis.cli import main

raise SystemExit(main())
