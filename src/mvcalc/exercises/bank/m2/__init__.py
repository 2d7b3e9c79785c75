"""Module 2 question generators."""
