"""Two data changes that come with the story core:

- a contributor's role ("Paul = my manager") now lives with the term in `redact_terms`,
  not only on the spans it produced: copy each role back onto its term;
- public text is stored only while a story is published with consent: empty it for
  every other story (it held the whole original wherever nothing was accepted yet).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Story = apps.get_model("archive", "Story")
    Redaction = apps.get_model("archive", "Redaction")
    with_roles = (
        Redaction.objects.filter(source="contributor")
        .exclude(replacement="")
        .values_list("story_id", flat=True)
        .distinct()
    )
    for story in Story.objects.filter(pk__in=list(with_roles)).iterator():
        texts = {"title": story.title, "body": story.body}
        roles = {}
        for r in Redaction.objects.filter(story=story, source="contributor").exclude(
            replacement=""
        ):
            roles.setdefault(texts[r.field][r.start : r.end].casefold(), r.replacement)
        lines = []
        for line in story.redact_terms.splitlines():
            term, _sep, role = line.partition("=")
            term = term.strip()
            if term and not role.strip() and term.casefold() in roles:
                line = f"{term} = {roles[term.casefold()]}"
            lines.append(line)
        story.redact_terms = "\n".join(lines)
        story.save(update_fields=["redact_terms"])

    published_with_consent = Story.objects.filter(
        status="published", consents__withdrawn_at__isnull=True, consents__publish=True
    ).values_list("pk", flat=True)
    Story.objects.exclude(pk__in=published_with_consent).exclude(
        public_title="", public_body=""
    ).update(public_title="", public_body="")


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_import_fingerprint_heartbeat")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
