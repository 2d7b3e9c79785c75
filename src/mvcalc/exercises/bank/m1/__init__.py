"""Module 1 question generators."""
