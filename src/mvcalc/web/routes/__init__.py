"""The routes of the web course, one module per part of the site."""
