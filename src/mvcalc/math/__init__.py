"""Pure mathematics: parsing, checking, derivations, series, optimisation, fitting.

Nothing here does I/O or knows about the web app, the database or the CLI
(an import-linter contract keeps it so).
"""
