"""The contributor's API: send an account, then read, change, withdraw or erase it.

Input serializer → service → output serializer. A submission is opened with the header
`Authorization: Claim <claim_code>` or by the signed-in account that sent it; every
other attempt gets the same 404, whether or not the submission exists, and repeated
wrong claim codes from one client are refused for a while (archive/claims.py).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from archive.anonymise.render import render_story
from archive.contribute import claims
from archive.contribute.selectors import consent_receipt, moderator_messages
from archive.models import ConsentRecord, Story
from archive.shared_cache import counters
from archive.stories import services
from archive.stories.states import TransitionNotAllowed
from archive.usertext import UserTextSerializerField
from archive.vocabulary import (
    STORY_LANGUAGES,
    YEAR_MIN,
    ConsentMethod,
    ContentNote,
    Decision,
    DisplayName,
    Setting,
    Source,
    is_country_code,
)

_LANGUAGE_CODES = sorted({code.split("-")[0] for code in STORY_LANGUAGES})
_NOT_FOUND = "No submission matches this id and these credentials."


class HashedClientThrottle(SimpleRateThrottle):
    """DRF's rate throttle, keyed on a keyed hash of the client address, never the address."""

    # A per-process limit while the shared cache is down, never a 500.
    cache = counters

    def get_rate(self) -> str:
        # Read at request time (DRF reads its settings once, at import).
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": claims.client_fingerprint(request),
        }


class SubmissionThrottle(HashedClientThrottle):
    scope = "submissions"


class SubmissionReadThrottle(HashedClientThrottle):
    scope = "anon"


# --- Serializers -----------------------------------------------------------------------


class ConsentSerializer(serializers.Serializer):
    """An explicit answer to every scope: a missing answer is an error, never a "no"."""

    publish = serializers.BooleanField(help_text="Publish the redacted account publicly.")
    research = serializers.BooleanField(help_text="Approved researchers may read it.")
    quote = serializers.BooleanField(help_text="It may be quoted in media.")
    statistics = serializers.BooleanField(help_text="It may be counted in statistics.")
    contact = serializers.BooleanField(help_text="A moderator may contact the contributor.")

    default_error_messages = {"required": "Answer every consent question."}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            missing = [s for s in ConsentRecord.SCOPES if s not in data]
            if missing:
                raise serializers.ValidationError(
                    {
                        s: ["Answer this consent question with true or false; nothing is assumed."]
                        for s in missing
                    }
                )
        return super().to_internal_value(data)


def _validate_body(value: str) -> str:
    limit = settings.CHORUS["MAX_STORY_CHARS"]
    if len(value) > limit:
        raise serializers.ValidationError(
            f"The account is {len(value)} characters long; the limit is {limit}. "
            "Shorten it, or send it in two parts."
        )
    if not value.strip():
        raise serializers.ValidationError("The account is empty.")
    return value


def _validate_country(value: str) -> str:
    if value and not is_country_code(value):
        raise serializers.ValidationError(
            f"{value!r} is not an ISO 3166 alpha-2 country code (for example FR, MX, KE)."
        )
    return value.upper()


def _validate_year(value):
    if value is not None and value > timezone.localdate().year:
        raise serializers.ValidationError("The year cannot be in the future.")
    return value


def _validate_embargo(value):
    if value is not None and value <= timezone.localdate():
        raise serializers.ValidationError("The embargo date must be after today.")
    return value


class StoryFieldsSerializer(serializers.Serializer):
    # No max_length on `body`: the limit gets its own message saying how long it was.
    body = UserTextSerializerField(trim_whitespace=False, validators=[_validate_body])
    title = UserTextSerializerField(required=False, allow_blank=True, max_length=200)
    language = serializers.ChoiceField(
        choices=_LANGUAGE_CODES,
        required=False,
        allow_blank=True,
        help_text="ISO 639-1; detected from the text when left out.",
    )
    year = serializers.IntegerField(
        required=False, allow_null=True, min_value=YEAR_MIN, validators=[_validate_year]
    )
    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        validators=[_validate_country],
        help_text="ISO 3166 alpha-2.",
    )
    setting = serializers.ChoiceField(choices=Setting.choices, required=False, allow_blank=True)
    content_notes = serializers.ListField(
        child=serializers.ChoiceField(choices=ContentNote.choices), required=False
    )
    display_name = serializers.ChoiceField(choices=DisplayName.choices)
    pseudonym = UserTextSerializerField(required=False, allow_blank=True, max_length=60)
    redact_terms = serializers.ListField(
        child=UserTextSerializerField(max_length=100),
        required=False,
        max_length=100,
        help_text="Words to hide wherever they appear (names, places, a workplace…).",
    )

    def validate(self, attrs):
        display_name = attrs.get("display_name", getattr(self.instance, "display_name", None))
        pseudonym = attrs.get("pseudonym", getattr(self.instance, "pseudonym", ""))
        if (
            display_name in (DisplayName.PSEUDONYM, DisplayName.FIRST_NAME)
            and not (pseudonym or "").strip()
        ):
            raise serializers.ValidationError(
                {"pseudonym": ["Give the name to show, or choose display_name 'anonymous'."]}
            )
        return attrs


class SubmissionCreateSerializer(StoryFieldsSerializer):
    consent = ConsentSerializer()
    contact_address = UserTextSerializerField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Kept (encrypted) only with consent.contact.",
    )
    embargo_until = serializers.DateField(
        required=False, allow_null=True, validators=[_validate_embargo]
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        _check_contact(attrs.get("consent"), attrs.get("contact_address", ""))
        return attrs


def _check_contact(consent: dict | None, address: str) -> None:
    if consent is None:
        return
    if consent.get("contact") and not address.strip():
        raise serializers.ValidationError(
            {
                "contact_address": [
                    "Give an address to be contacted at, or set consent.contact to false."
                ]
            }
        )
    if address.strip() and not consent.get("contact"):
        raise serializers.ValidationError(
            {"contact_address": ["An address is kept only with consent.contact set to true."]}
        )


class RedactionDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=[Decision.ACCEPTED, Decision.REJECTED])
    replacement = UserTextSerializerField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="What readers see instead when hidden, e.g. 'my manager'.",
    )


class SubmissionUpdateSerializer(StoryFieldsSerializer):
    """Every field optional. Text changes send the account back to review; a consent
    change must answer every scope again."""

    consent = ConsentSerializer(required=False)
    redactions = RedactionDecisionSerializer(
        many=True,
        required=False,
        help_text="Hide ('accepted') or keep ('rejected') detected details, by id.",
    )
    contact_address = UserTextSerializerField(required=False, allow_blank=True, max_length=200)
    embargo_until = serializers.DateField(
        required=False, allow_null=True, validators=[_validate_embargo]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        if ("contact_address" in attrs or "embargo_until" in attrs) and "consent" not in attrs:
            raise serializers.ValidationError(
                {"consent": ["Send the full consent with contact_address or embargo_until."]}
            )
        _check_contact(attrs.get("consent"), attrs.get("contact_address", ""))
        if "redactions" in attrs:
            text_fields = set(attrs) - {"redactions", "consent", "contact_address", "embargo_until"}
            if text_fields:
                raise serializers.ValidationError(
                    {
                        "redactions": [
                            "Decide details in a separate request: changing the text "
                            "changes the details found."
                        ]
                    }
                )
            known = set(self.instance.redactions.values_list("pk", flat=True))
            unknown = [d["id"] for d in attrs["redactions"] if d["id"] not in known]
            if unknown:
                raise serializers.ValidationError(
                    {"redactions": [f"No detected detail of this account has id {unknown[0]}."]}
                )
        return attrs


class RedactionSerializer(serializers.Serializer):
    """A detected or chosen detail: where it is in the original, and whether it is hidden."""

    id = serializers.IntegerField(source="pk")
    field = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.CharField()
    source = serializers.CharField()
    decision = serializers.CharField()
    replacement = serializers.CharField()


class ModeratorMessageSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    message = serializers.CharField(source="note")


class SubmissionSerializer(serializers.Serializer):
    """The contributor's own view: their original words as well as the public version."""

    id = serializers.CharField(source="public_id")
    status = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    public_title = serializers.SerializerMethodField(
        help_text="The title as readers see it (or would, once published)."
    )
    public_body = serializers.SerializerMethodField(
        help_text="The account as readers see it (or would, once published)."
    )
    language = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    country = serializers.CharField()
    setting = serializers.CharField()
    content_notes = serializers.ListField(child=serializers.CharField())
    display_name = serializers.CharField()
    pseudonym = serializers.CharField()
    redact_terms = serializers.SerializerMethodField()
    redactions = RedactionSerializer(many=True, read_only=True)
    consent = serializers.SerializerMethodField()
    contact_address_kept = serializers.SerializerMethodField()
    embargo_until = serializers.DateField(allow_null=True)
    moderator_messages = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    erased = serializers.BooleanField(source="is_erased")

    def _public(self, story: Story) -> tuple[str, str]:
        # The same rendering as the published page, from the redactions as they stand.
        if not hasattr(self, "_rendered"):
            self._rendered = {}
        if story.pk not in self._rendered:
            self._rendered[story.pk] = render_story(story)
        return self._rendered[story.pk]

    @extend_schema_field(OpenApiTypes.STR)
    def get_public_title(self, story: Story) -> str:
        return self._public(story)[0]

    @extend_schema_field(OpenApiTypes.STR)
    def get_public_body(self, story: Story) -> str:
        return self._public(story)[1]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_redact_terms(self, story: Story) -> list[str]:
        return [str(term) for term in story.hidden_terms]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_consent(self, story: Story) -> dict | None:
        record = story.current_consent()
        return consent_receipt(story, record) if record else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_contact_address_kept(self, story: Story) -> bool:
        return bool(story.contact_address)

    @extend_schema_field(ModeratorMessageSerializer(many=True))
    def get_moderator_messages(self, story: Story) -> list[dict]:
        return ModeratorMessageSerializer(moderator_messages(story), many=True).data


class SubmissionCreatedSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField()
    claim_code = serializers.CharField(
        help_text="Shown this once only; stored as a hash. Send it as 'Authorization: Claim …'."
    )
    consent_receipt = serializers.DictField()


_ERROR = inline_serializer("SubmissionError", {"detail": serializers.CharField()})
_CLAIM_HEADER = OpenApiParameter(
    "Authorization",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="`Claim <claim_code>`; not needed when signed in as the account that sent it.",
)


# --- Views -----------------------------------------------------------------------------


class _SubmissionAPIView(APIView):
    # Only the session: a claim code is not a user, it opens one story (see _story()).
    authentication_classes = [SessionAuthentication]

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # Refuse oversized bodies before parsing them: JSON escaping can at most ~6x the
        # characters, plus room for the other fields.
        limit = settings.CHORUS["MAX_STORY_CHARS"] * 6 + 64 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise _TooLarge


class _TooLarge(Exception):
    pass


class _Unauthenticated(Exception):
    pass


def _too_large_response() -> Response:
    limit = settings.CHORUS["MAX_STORY_CHARS"]
    return Response(
        {"detail": f"The request is too large. An account can be at most {limit} characters."},
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


class SubmissionCreateView(_SubmissionAPIView):
    throttle_classes = [SubmissionThrottle]

    def handle_exception(self, exc):
        if isinstance(exc, _TooLarge):
            return _too_large_response()
        return super().handle_exception(exc)

    @extend_schema(
        tags=["submissions"],
        summary="Send an account",
        request=SubmissionCreateSerializer,
        responses={
            201: SubmissionCreatedSerializer,
            400: OpenApiResponse(description="Validation errors, one list per field."),
            413: _ERROR,
            429: _ERROR,
        },
        examples=[
            OpenApiExample(
                "A minimal account",
                request_only=True,
                value={
                    "body": "It happened at my first job…",
                    "display_name": "anonymous",
                    "country": "FR",
                    "consent": {
                        "publish": True,
                        "research": False,
                        "quote": False,
                        "statistics": True,
                        "contact": False,
                    },
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = SubmissionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user if request.user.is_authenticated else None
        story, claim_code = services.story_create(
            body=data["body"],
            title=data.get("title", ""),
            language=data.get("language", ""),
            year=data.get("year"),
            country=data.get("country", ""),
            setting=data.get("setting", ""),
            content_notes=data.get("content_notes", []),
            display_name=data["display_name"],
            pseudonym=data.get("pseudonym", ""),
            redact_terms=data.get("redact_terms", []),
            contact_address=data.get("contact_address", ""),
            consent=dict(data["consent"]),
            consent_method=ConsentMethod.API,
            embargo_until=data.get("embargo_until"),
            source=Source.API,
            contributor=user,
        )
        return Response(
            {
                "id": story.public_id,
                "status": story.status,
                "claim_code": claim_code,
                "consent_receipt": consent_receipt(story, story.first_consent),
            },
            status=status.HTTP_201_CREATED,
            headers={"Cache-Control": "no-store"},
        )


class SubmissionDetailView(_SubmissionAPIView):
    throttle_classes = [SubmissionReadThrottle]

    def handle_exception(self, exc):
        if isinstance(exc, _TooLarge):
            return _too_large_response()
        if isinstance(exc, _Unauthenticated):
            return self.handle_unauthenticated()
        if isinstance(exc, claims.ClaimThrottled):
            exc = Throttled(
                wait=exc.retry_after, detail="Too many wrong claim codes. Try again later."
            )
        if isinstance(exc, TransitionNotAllowed):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def _story(self, request: Request, public_id: str) -> Story:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sep, code = header.partition(" ")
        if scheme.lower() == "claim":
            story = claims.story_for_claim_code(request, code.strip(), public_id)
        elif request.user.is_authenticated:
            story = (
                Story.objects.for_contributor(request.user)
                .filter(public_id=public_id, erased_at__isnull=True)
                .first()
            )
        else:
            raise _Unauthenticated
        if story is None:
            raise NotFound(_NOT_FOUND)
        return story

    def handle_unauthenticated(self) -> Response:
        return Response(
            {"detail": "Send 'Authorization: Claim <claim_code>', or sign in."},
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": 'Claim realm="submissions"'},
        )

    @extend_schema(
        tags=["submissions"],
        summary="Read your account",
        parameters=[_CLAIM_HEADER],
        responses={200: SubmissionSerializer, 401: _ERROR, 404: _ERROR, 429: _ERROR},
    )
    def get(self, request: Request, public_id: str) -> Response:
        story = self._story(request, public_id)
        return Response(SubmissionSerializer(story).data)

    @extend_schema(
        tags=["submissions"],
        summary="Change your account or your consent",
        description=(
            "Any text field sends the account back to review (version bumped; a published "
            "account leaves the site until a moderator publishes it again). `consent` must "
            "answer every scope."
        ),
        parameters=[_CLAIM_HEADER],
        request=SubmissionUpdateSerializer,
        responses={
            200: SubmissionSerializer,
            400: OpenApiResponse(description="Validation errors"),
            401: _ERROR,
            404: _ERROR,
            409: _ERROR,
            429: _ERROR,
        },
    )
    def patch(self, request: Request, public_id: str) -> Response:
        story = self._story(request, public_id)
        serializer = SubmissionUpdateSerializer(data=request.data, instance=story)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent = data.pop("consent", None)
        decisions = data.pop("redactions", None)
        contact_address = data.pop("contact_address", "")
        embargo_until = data.pop("embargo_until", story.embargo_until)
        story = services.story_update(
            story=story,
            changes=data,
            decisions=None
            if decisions is None
            else {d["id"]: (d["decision"], d.get("replacement", "")) for d in decisions},
            consent=None if consent is None else dict(consent),
            contact_address=contact_address,
            embargo_until=embargo_until,
            method=ConsentMethod.API,
            actor=request.user if request.user.is_authenticated else None,
        )
        return Response(SubmissionSerializer(story).data)

    @extend_schema(
        tags=["submissions"],
        summary="Withdraw (and optionally erase) your account",
        description=(
            "Withdrawal takes the account off every public surface before the response is "
            "sent. With `erase=true` the original text, hidden terms and contact address are "
            "deleted now and the claim code stops working."
        ),
        parameters=[
            _CLAIM_HEADER,
            OpenApiParameter("erase", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
        ],
        responses={
            200: inline_serializer(
                "SubmissionWithdrawn",
                {
                    "id": serializers.CharField(),
                    "status": serializers.CharField(),
                    "erased": serializers.BooleanField(),
                },
            ),
            401: _ERROR,
            404: _ERROR,
            429: _ERROR,
        },
    )
    def delete(self, request: Request, public_id: str) -> Response:
        story = self._story(request, public_id)
        actor = request.user if request.user.is_authenticated else None
        if request.query_params.get("erase", "").lower() in ("1", "true", "yes"):
            story = services.story_erase(story=story, actor=actor, actor_kind="contributor")
        else:
            story = services.story_withdraw(story=story, actor=actor)
        return Response({"id": story.public_id, "status": story.status, "erased": story.is_erased})
