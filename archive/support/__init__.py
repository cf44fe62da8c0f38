"""Where to get help: support services by country, kept by staff in the admin.

models.py  SupportService (who, how to reach them, when it was last checked, and where)
admin.py   editing, with the last-checked date in the list so stale entries stand out
views.py   the "Get support" page: the visitor chooses a country, nothing is guessed
"""
