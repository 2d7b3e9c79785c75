"""Module 4 question generators."""
