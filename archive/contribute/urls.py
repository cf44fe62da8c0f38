"""Routes included by archive/urls.py (namespace `archive`): the contributor's journey."""

from django.urls import path

from archive.contribute import views

urlpatterns = [
    path("contribute/", views.start, name="contribute_start"),
    path("contribute/write/", views.write, name="contribute_write"),
    path("contribute/saved/", views.draft_saved, name="contribute_draft_saved"),
    path("contribute/anonymise/", views.anonymise, name="contribute_anonymise"),
    path("contribute/consent/", views.consent, name="contribute_consent"),
    path("contribute/check/", views.check, name="contribute_check"),
    path("contribute/sent/", views.sent, name="contribute_sent"),
    path("contribute/discard/", views.discard, name="contribute_discard"),
    path("contribute/return/", views.return_with_code, name="contribute_return"),
    path("contribute/mine/<slug:public_id>/", views.status, name="contribute_status"),
    path(
        "contribute/mine/<slug:public_id>/consent-receipt.json",
        views.receipt,
        name="contribute_receipt",
    ),
    path("contribute/mine/<slug:public_id>/edit/", views.edit, name="contribute_edit"),
    path(
        "contribute/mine/<slug:public_id>/anonymise/",
        views.mine_anonymise,
        name="contribute_mine_anonymise",
    ),
    path(
        "contribute/mine/<slug:public_id>/consent/",
        views.change_consent,
        name="contribute_change_consent",
    ),
    path("contribute/mine/<slug:public_id>/withdraw/", views.withdraw, name="contribute_withdraw"),
    path("contribute/mine/<slug:public_id>/erase/", views.erase, name="contribute_erase"),
    path("contribute/mine/<slug:public_id>/forget/", views.forget, name="contribute_forget"),
]
