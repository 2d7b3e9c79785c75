"""The web course: FastAPI routes, Jinja2 templates, static assets."""
