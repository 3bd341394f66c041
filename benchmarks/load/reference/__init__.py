"""The load benchmark's reference: the smallest django-ninja + ninja-jwt project (see ../run.py)."""
