"""The linfit exercise (module 6, practice set 1): a straight-line fit in closed form."""
