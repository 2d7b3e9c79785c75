"""Module 6 question generators."""
