"""/api/v1/ routes (see config/api_router.py)."""

urlpatterns: list = []
