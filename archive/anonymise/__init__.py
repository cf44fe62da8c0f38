"""Finding identifying details in an account (see detect.py)."""
