"""What the dashboard shows, built from domain data without Reflex.

Plain dataclasses and functions that turn what the domain returns into rows,
cards and pages the components render. The Reflex states in `ui/state/` hold
them; nothing here subclasses `rx.State`, so each module is tested as plain
Python.
"""
