"""Demo data for a newcomer and the load benchmark: `python manage.py demo` (seed.py)."""
