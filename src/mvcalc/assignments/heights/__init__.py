"""Fitting the distribution of height data (module 6's graded assignment): steepest descent on χ²."""
