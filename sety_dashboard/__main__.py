import sys

from sety_dashboard.cli import main

sys.exit(main())
