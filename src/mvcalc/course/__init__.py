"""Lessons: loading the Markdown content and resolving its directives."""
