"""The Lagrange multipliers code exercise (module 5, practice set 3)."""
