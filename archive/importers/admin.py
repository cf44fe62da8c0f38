"""Staff imports of research datasets in the admin: upload, then watch the live report.

Adding an ImportBatch stores the upload and enqueues `archive.import_batch` on commit; the
worker keeps the counters current and the page reloads itself while the import runs
(a meta refresh, so it works without JavaScript). Every account lands as "awaiting
consent". A batch is never edited afterwards: its report is a record.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import queue
from archive.importers import FORMATS
from archive.importers.service import dataset_upload_store
from archive.models import ImportBatch
from archive.stories.audit import actor_shown


def _lines(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", "\n").splitlines() if part.strip()]


class ImportBatchForm(forms.ModelForm):
    file = forms.FileField(
        label=gettext_lazy("Dataset or export"),
        help_text=gettext_lazy(
            "tweets.js or a Twitter/X archive .zip, twarc2 JSON Lines, API v1.1 JSON, "
            "Facebook your_posts_1.json, Mastodon outbox.json or archive .zip, CSV or JSON Lines."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[("", gettext_lazy("Detect it"))] + [(k, v[0]) for k, v in FORMATS.items()],
    )
    match_all = forms.BooleanField(
        label=gettext_lazy("Import every post"),
        required=False,
        help_text=gettext_lazy(
            "For a dataset already collected by hashtag. Otherwise only posts with a "
            "'me too' hashtag or phrase are imported. Reposts, deleted and non-public "
            "posts are always left out."
        ),
    )
    extra_hashtags = forms.CharField(
        label=gettext_lazy("Also match these hashtags"),
        required=False,
        help_text=gettext_lazy("Comma or line separated, e.g. #NousToutes"),
    )
    extra_phrases = forms.CharField(label=gettext_lazy("Also match these phrases"), required=False)
    mapping = forms.CharField(
        label=gettext_lazy("Column mapping (CSV / JSON Lines)"),
        required=False,
        help_text=gettext_lazy(
            "field=column pairs, e.g. text=body, id=post_id, created_at=date. Fields: "
            "id, text, created_at, author_id, language, reply_to_id, reply_to_author_id, "
            "repost, title. Unmapped fields are guessed from the header."
        ),
    )
    encoding = forms.CharField(
        label=gettext_lazy("Text encoding (CSV)"),
        required=False,
        help_text=gettext_lazy("Leave empty for UTF-8; e.g. cp1252 or latin-1."),
    )
    platform = forms.CharField(
        label=gettext_lazy("Platform the posts came from (CSV / JSON Lines)"),
        required=False,
        max_length=20,
    )

    class Meta:
        model = ImportBatch
        fields = ["file", "format"]

    def clean_mapping(self) -> dict[str, str]:
        mapping = {}
        for pair in _lines(self.cleaned_data.get("mapping", "")):
            field, sep, column = pair.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise forms.ValidationError(_("Write each pair as field=column."))
            mapping[field.strip()] = column.strip()
        return mapping

    def clean_encoding(self) -> str:
        import codecs

        encoding = self.cleaned_data.get("encoding", "").strip()
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise forms.ValidationError(_("Unknown encoding.")) from None
        return encoding

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "match_all": data["match_all"],
            "extra_hashtags": _lines(data["extra_hashtags"]),
            "extra_phrases": _lines(data["extra_phrases"]),
            "mapping": data["mapping"],
            "encoding": data["encoding"],
            "platform": data["platform"].strip(),
        }


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    form = ImportBatchForm
    change_form_template = "admin/archive/importbatch/change_form.html"
    list_display = (
        "id",  # ("pk" would be headed "Pk" in every language)
        "file_name",
        "kind",
        "format",
        "state",
        "read",
        "matched",
        "imported",
        "duplicates",
        "skipped",
        "error_count",
        "created_at",
    )
    list_filter = ("state", "kind", "format")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
        "format",
        "file_name",
        "uploaded_by",
        "state",
        "progress",
        "read",
        "matched",
        "imported",
        "duplicates",
        "skipped",
        "skipped_reasons",
        "problems",
        "error",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "file",
                "format",
                "match_all",
                "extra_hashtags",
                "extra_phrases",
                "mapping",
                "encoding",
                "platform",
            ]
        return list(self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing the report needs no change; nothing of a batch can be edited.
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj: ImportBatch, form, change) -> None:
        if change:
            return
        obj.kind = ImportBatch.Kind.DATASET
        obj.created_by = request.user
        obj.original_filename = form.cleaned_data["file"].name[:255]
        obj.options = form.options()
        obj.state = ImportBatch.State.PENDING
        # Never written as it came: saved without the file, which is then kept encrypted.
        obj.file = None
        super().save_model(request, obj, form, change)
        dataset_upload_store(batch=obj, upload=form.cleaned_data["file"])
        queue.enqueue_on_commit(queue.IMPORT_BATCH, obj.pk)
        messages.info(
            request,
            _(
                "The import has started. This page shows its progress; every account will "
                "wait for consent before it can be published."
            ),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            batch = self.get_object(request, object_id)
            extra_context["live"] = batch is not None and batch.state in (
                ImportBatch.State.PENDING,
                ImportBatch.State.RUNNING,
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("file name"))
    def file_name(self, obj: ImportBatch) -> str:
        # Names of personal exports often carry the person's handle or name.
        if obj.kind == ImportBatch.Kind.CONTRIBUTOR:
            return _("(a contributor's own export)")
        return obj.original_filename

    @admin.display(description=gettext_lazy("uploaded by"))
    def uploaded_by(self, obj: ImportBatch) -> str:
        # A contributor's own export is theirs: never shown by account or address.
        kind = "contributor" if obj.kind == ImportBatch.Kind.CONTRIBUTOR else None
        return actor_shown(obj.created_by, kind)

    @admin.display(description=gettext_lazy("errors"))
    def error_count(self, obj: ImportBatch) -> int:
        return sum(1 for p in obj.errors if not p.get("skipped"))

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj: ImportBatch) -> str:
        return format_html(
            "{}: {} · {}: {} · {}: {} · {}: {} · {}: {} · {}: {}",
            _("read"),
            obj.read,
            _("matched"),
            obj.matched,
            _("imported"),
            obj.imported,
            _("duplicates"),
            obj.duplicates,
            _("skipped"),
            obj.skipped,
            _("errors"),
            self.error_count(obj),
        )

    @admin.display(description=gettext_lazy("skipped, by reason"))
    def skipped_reasons(self, obj: ImportBatch) -> str:
        report = obj.options.get("report") or {}
        reasons = report.get("skipped_by_reason") or {}
        extra = []
        if report.get("not_matched"):
            extra.append((_("not a 'me too' post"), report["not_matched"]))
        if report.get("near_duplicates"):
            extra.append((_("near-duplicates marked for moderators"), report["near_duplicates"]))
        rows = list(reasons.items()) + extra
        if not rows:
            return "–"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    @admin.display(description=gettext_lazy("records with problems (first 1000)"))
    def problems(self, obj: ImportBatch) -> str:
        if not obj.errors:
            return "–"
        rows = [
            (
                p.get("record", ""),
                _("skipped") if p.get("skipped") else _("error"),
                p.get("error", ""),
            )
            for p in obj.errors
        ]
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("record"),
            _("outcome"),
            _("reason"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )
