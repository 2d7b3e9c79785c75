"""Module 5 question generators."""
