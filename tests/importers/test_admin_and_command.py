"""Staff imports: the admin upload with its live report, and the import_posts command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from archive.models import ImportBatch, Story
from archive.vocabulary import Status
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

POSTS = [tweet("1", "#MeToo one"), tweet("2", "not this"), tweet("3", "#YoTambien dos")]


def add_url(admin_url: str) -> str:
    return f"{admin_url}archive/importbatch/add/"


def test_a_senior_moderator_uploads_a_dataset_and_it_is_imported(
    staff_client, senior_moderator, admin_url, django_capture_on_commit_callbacks
):
    client = staff_client(senior_moderator)
    file = SimpleUploadedFile("tweets.js", tweets_js(POSTS))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(admin_url),
            {"file": file, "format": "", "extra_hashtags": "", "extra_phrases": "", "mapping": ""},
        )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.kind == ImportBatch.Kind.DATASET
    assert batch.created_by == senior_moderator
    assert batch.state == ImportBatch.State.DONE
    assert (batch.read, batch.matched, batch.imported) == (3, 2, 2)
    assert not batch.file
    assert set(Story.objects.values_list("status", flat=True)) == {Status.AWAITING_CONSENT}
    page = client.get(f"{admin_url}archive/importbatch/{batch.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "imported: 2" in html
    assert 'http-equiv="refresh"' not in html


def test_a_running_import_page_refreshes_itself(staff_client, senior_moderator, admin_url):
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET, state=ImportBatch.State.RUNNING, read=500
    )
    html = (
        staff_client(senior_moderator)
        .get(f"{admin_url}archive/importbatch/{batch.pk}/change/")
        .content.decode()
    )
    assert 'http-equiv="refresh"' in html
    assert "read: 500" in html


def test_the_admin_report_lists_problems_by_record(staff_client, senior_moderator, admin_url):
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.DATASET,
        state=ImportBatch.State.DONE,
        errors=[
            {"record": 8, "error": "line 8: not valid JSON (parse error).", "skipped": False},
            {"record": 2, "error": "a repost or boost", "skipped": True},
        ],
        options={"report": {"skipped_by_reason": {"a repost or boost": 1}, "not_matched": 4}},
    )
    html = (
        staff_client(senior_moderator)
        .get(f"{admin_url}archive/importbatch/{batch.pk}/change/")
        .content.decode()
    )
    assert "line 8: not valid JSON" in html
    assert "a repost or boost: 1" in html


def test_a_moderator_may_read_import_reports_but_not_start_an_import(
    staff_client, moderator, admin_url
):
    client = staff_client(moderator)
    assert client.get(f"{admin_url}archive/importbatch/").status_code == 200
    assert client.get(add_url(admin_url)).status_code == 403
    file = SimpleUploadedFile("tweets.js", tweets_js(POSTS))
    assert client.post(add_url(admin_url), {"file": file}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_contributor_cannot_reach_the_import_admin(client, contributor, admin_url):
    client.force_login(contributor)
    response = client.get(add_url(admin_url))
    assert response.status_code == 302
    assert not ImportBatch.objects.exists()


def test_a_bad_column_mapping_is_refused_in_the_form(staff_client, senior_moderator, admin_url):
    file = SimpleUploadedFile("d.csv", b"id,body\n1,#MeToo\n")
    response = staff_client(senior_moderator).post(
        add_url(admin_url), {"file": file, "mapping": "text body"}
    )
    assert response.status_code == 200
    assert "field=column" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_command_imports_a_file_and_prints_the_report(write):
    out = StringIO()
    call_command(
        "import_posts", str(write("tweets.js", tweets_js(POSTS))), "--no-progress", stdout=out
    )
    report = json.loads(out.getvalue())
    assert (report["read"], report["matched"], report["imported"]) == (3, 2, 2)
    assert report["state"] == "done"
    assert Story.objects.count() == 2
    batch = ImportBatch.objects.get()
    assert batch.kind == ImportBatch.Kind.DATASET


def test_the_command_run_twice_reports_duplicates(write):
    path = str(write("tweets.js", tweets_js(POSTS)))
    call_command("import_posts", path, "--no-progress", stdout=StringIO())
    out = StringIO()
    call_command("import_posts", path, "--no-progress", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["imported"], report["duplicates"]) == (0, 2)
    assert Story.objects.count() == 2


def test_the_command_leaves_the_local_file_alone(write):
    path = write("tweets.js", tweets_js(POSTS))
    call_command("import_posts", str(path), "--no-progress", stdout=StringIO())
    assert path.exists()


def test_the_command_takes_a_format_mapping_and_all(write):
    path = write(
        "d.csv",
        "ref;words\n",
    )
    path.write_text("ref,words\nA,nothing about it\n")
    out = StringIO()
    call_command(
        "import_posts",
        str(path),
        "--format",
        "csv",
        "--map",
        "id=ref,text=words",
        "--all",
        "--platform",
        "survey",
        "--no-progress",
        stdout=out,
    )
    assert json.loads(out.getvalue())["imported"] == 1
    assert Story.objects.get().source_platform == "survey"


def test_the_command_fails_with_the_reason_for_an_unreadable_file(write):
    with pytest.raises(CommandError, match="not a text file"):
        call_command(
            "import_posts",
            str(write("x.bin", b"\x00\x01binary")),
            "--no-progress",
            stdout=StringIO(),
        )


def test_the_command_shows_a_progress_bar(write):
    err = StringIO()
    call_command(
        "import_posts", str(write("tweets.js", tweets_js(POSTS))), stdout=StringIO(), stderr=err
    )
    assert "posts" in err.getvalue()
