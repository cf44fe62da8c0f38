"""A staff dataset upload is kept encrypted at rest while it waits and while it is read."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.importers.service import import_batch_run
from archive.models import ImportBatch
from tests.importers.conftest import tweet, tweets_js

pytestmark = pytest.mark.django_db

SECRET = "secretword-of-a-survivor"
POSTS = [tweet("1", f"#MeToo {SECRET}"), tweet("2", "not this"), tweet("3", "#YoTambien dos")]


def test_the_stored_upload_holds_no_plain_text_and_is_gone_after_the_import(
    staff_client, senior_moderator, admin_url, django_capture_on_commit_callbacks, monkeypatch
):
    client = staff_client(senior_moderator)
    upload = SimpleUploadedFile("survivor-name-tweets.js", tweets_js(POSTS))
    # The import task is enqueued on commit: not run, so the file can be looked at first.
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"{admin_url}archive/importbatch/add/",
            {
                "file": upload,
                "format": "",
                "extra_hashtags": "",
                "extra_phrases": "",
                "mapping": "",
            },
        )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.PENDING
    stored = Path(batch.file.path)
    assert stored.name.endswith(".enc") and "survivor" not in batch.file.name
    raw = stored.read_bytes()
    assert raw and SECRET.encode() not in raw
    assert b"MeToo" not in raw and b"window.YTD" not in raw and b"full_text" not in raw
    # Only what is in the stored directory: nothing else of the upload was written there.
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]

    scratch = Path(tempfile.mkdtemp())
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.DONE
    batch.refresh_from_db()
    assert (batch.read, batch.matched, batch.imported) == (3, 2, 2)
    assert not batch.file and not stored.exists()
    assert list(scratch.iterdir()) == []  # the decrypted copy is deleted too


def test_an_encrypted_upload_that_cannot_be_read_fails_and_is_deleted(
    staff_client, senior_moderator, admin_url, django_capture_on_commit_callbacks
):
    client = staff_client(senior_moderator)
    upload = SimpleUploadedFile("posts.csv", b"\xff\xfeu\x00t\x00f\x00")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            f"{admin_url}archive/importbatch/add/",
            {
                "file": upload,
                "format": "",
                "extra_hashtags": "",
                "extra_phrases": "",
                "mapping": "",
            },
        )
    batch = ImportBatch.objects.get()
    stored = Path(batch.file.path)
    assert import_batch_run(batch_id=batch.pk) == ImportBatch.State.FAILED
    batch.refresh_from_db()
    assert "UTF-16" in batch.error
    assert not batch.file and not stored.exists()


def _encrypted_zip():
    import io
    import zipfile

    from archive.importers import uploads

    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w") as zf:
        zf.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    stored = io.BytesIO()
    uploads.write_encrypted([archive_bytes.getvalue()], stored)
    stored.seek(0)
    return stored


def _read_member(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as zf:  # readers open the copy by path, and zips seek
        return zf.read("data/tweets.js")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux names open files there")
def test_the_decrypted_copy_has_no_name_a_killed_worker_could_leave_behind():
    import os

    from archive.importers import uploads

    with uploads.decrypted_copy(_encrypted_zip()) as path:
        assert os.stat(path).st_nlink == 0  # no directory entry anywhere, from the start
        assert _read_member(path) == b"window.YTD.tweets.part0 = []"


def test_elsewhere_the_decrypted_copy_is_private_and_deleted_on_exit(monkeypatch, tmp_path):
    import os
    import stat

    from archive.importers import uploads

    monkeypatch.setattr(uploads, "_OWN_FDS", tmp_path / "no-such-dir")
    with uploads.decrypted_copy(_encrypted_zip()) as path:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert _read_member(path) == b"window.YTD.tweets.part0 = []"
    assert not path.exists()
