"""The service package: app.py answers requests, __main__.py serves them."""
