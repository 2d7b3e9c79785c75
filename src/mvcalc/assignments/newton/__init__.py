"""The Newton–Raphson code exercise (module 5, practice sets 1 and 2) on the course's sextic."""
