"""Sign-up, sign-in and the contributor dashboard (namespace `accounts`)."""

app_name = "accounts"
urlpatterns: list = []
