from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from archive.models import Story
from archive.stories import lifecycle, redactions, services, states
from archive.vocabulary import Decision, Status

ALL_SCOPES = {
    "publish": True,
    "research": True,
    "quote": True,
    "statistics": True,
    "contact": False,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted in roles.STAFF_ROLES:
                self.is_staff = True
        self.save()


def make_story(
    *,
    status: str = Status.SUBMITTED,
    body: str = "At my first job, my manager cornered me in the storeroom. #MeToo",
    consent: dict | None = None,
    **fields,
) -> Story:
    """A story in `status`, reached through the real lifecycle."""
    imported = status == Status.AWAITING_CONSENT
    story, _code = services.story_create(
        body=body,
        consent=None if imported else (consent if consent is not None else ALL_SCOPES),
        submit=status not in (Status.DRAFT, Status.AWAITING_CONSENT),
        **fields,
    )
    # Detection normally runs in a task on commit; tests run inside a transaction.
    redactions.redactions_detect(story=story)
    story.redactions.update(decision=Decision.ACCEPTED)
    for action in states.ROUTES[status]:
        lifecycle.transition(story, action, actor_kind="system")
    story.refresh_from_db()
    return story
