"""Module 3 question generators."""
