"""The public, read-only API: published accounts, search and statistics.

Every endpoint reads `Story.objects.public()` (or the search index, which holds public
stories only) and returns only redacted text and public metadata. Nothing here accepts a
write: the views allow GET, HEAD and OPTIONS only, for everyone, signed in or not.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from archive.models import Story
from archive.public import selectors, stats
from archive.public.forms import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, SearchForm
from archive.public.selectors import PublicPaginator, only_public_hits, public_stories
from archive.search.query import SearchResults
from archive.shared_cache import counters
from archive.vocabulary import YEAR_MAX, YEAR_MIN, ContentNote, Setting

_SAFE_METHODS = ["get", "head", "options"]


class VisitorRateThrottle(AnonRateThrottle):
    """The `anon` rate, keyed by a keyed hash of the client address, never the address.

    The key lives in the cache for the throttle window only; no IP address is stored
    (DESIGN.md, "Identify no one"). A per-process limit while the shared cache is down.
    """

    cache = counters

    def get_cache_key(self, request, view):
        ident = self.get_ident(request) or ""
        digest = hmac.new(settings.SECRET_KEY.encode(), ident.encode(), hashlib.sha256)
        return self.cache_format % {"scope": self.scope, "ident": digest.hexdigest()[:32]}


class PublicPagination(PageNumberPagination):
    """Pages of the public list. A page that is not a whole number from 1 to MAX_PAGE is
    a 400 naming `page`; a page past the end stays a 404, as DRF answers it. A page size
    above the maximum is lowered to it (DRF's behaviour), never refused."""

    django_paginator_class = PublicPaginator
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None:
            field = forms.IntegerField(min_value=1, max_value=MAX_PAGE)
            try:
                field.clean(raw)
            except DjangoValidationError as exc:
                raise ValidationError({self.page_query_param: exc.messages}) from exc
        return super().paginate_queryset(queryset, request, view)


class PublicStorySerializer(serializers.ModelSerializer):
    """A published account: the redacted text and public metadata, nothing else."""

    id = serializers.CharField(source="public_id", read_only=True)
    title = serializers.CharField(source="public_title", read_only=True)
    body = serializers.CharField(source="public_body", read_only=True)
    author = serializers.CharField(source="public_author", read_only=True)
    content_notes = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = [
            "id",
            "url",
            "title",
            "body",
            "author",
            "language",
            "year",
            "country",
            "setting",
            "content_notes",
            "published_at",
        ]
        read_only_fields = fields

    def get_url(self, story: Story) -> str:
        return reverse(
            "api-public-story-detail",
            kwargs={"public_id": story.public_id},
            request=self.context.get("request"),
        )


class _CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    pass


class _YearFilter(django_filters.NumberFilter):
    """A whole year within the archive's bounds: anything else is a 400 naming the
    parameter, never a number the database cannot hold (a 500 on PostgreSQL)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class PublicStoryFilter(django_filters.FilterSet):
    lang = _CharInFilter(
        field_name="language", lookup_expr="in", help_text="Language codes, comma-separated."
    )
    country = django_filters.CharFilter(
        method="filter_country", help_text="ISO 3166 alpha-2 codes, comma-separated."
    )
    setting = django_filters.MultipleChoiceFilter(choices=Setting.choices)
    year_from = _YearFilter(field_name="year", lookup_expr="gte")
    year_to = _YearFilter(field_name="year", lookup_expr="lte")
    hide = django_filters.MultipleChoiceFilter(
        choices=ContentNote.choices,
        method="filter_hide",
        help_text="Leave out accounts carrying any of these content notes.",
    )

    class Meta:
        model = Story
        fields: list[str] = []

    def filter_country(self, queryset, name, value):
        codes = [c.strip().upper() for c in value.split(",") if c.strip()]
        return queryset.filter(country__in=codes) if codes else queryset

    def filter_hide(self, queryset, name, value):
        return queryset.without_content_notes(value)


@extend_schema(tags=["published accounts"])
class PublicStoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published accounts, newest first. Redacted text and public metadata only.

    An account that is not published (withdrawn, embargoed, in review, never existed)
    answers 404, whichever it is.
    """

    serializer_class = PublicStorySerializer
    pagination_class = PublicPagination
    filterset_class = PublicStoryFilter
    lookup_field = "public_id"
    lookup_value_regex = "[a-z0-9]{1,32}"
    http_method_names = _SAFE_METHODS
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [VisitorRateThrottle]

    def get_queryset(self):
        return public_stories()


# ---- search ---------------------------------------------------------------------------

_SEARCH_RESPONSE = inline_serializer(
    "SearchResponse",
    fields={
        "count": serializers.IntegerField(),
        "count_estimated": serializers.BooleanField(
            help_text="True when a very broad search's count is estimated from a sample."
        ),
        "page": serializers.IntegerField(),
        "page_size": serializers.IntegerField(),
        "num_pages": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": inline_serializer(
            "SearchHit",
            many=True,
            fields={
                "id": serializers.CharField(),
                "url": serializers.URLField(),
                "title": serializers.CharField(),
                "snippet": inline_serializer(
                    "SnippetPart",
                    many=True,
                    fields={
                        "text": serializers.CharField(),
                        "highlighted": serializers.BooleanField(),
                    },
                ),
                "language": serializers.CharField(),
                "year": serializers.IntegerField(allow_null=True),
                "country": serializers.CharField(),
                "setting": serializers.CharField(),
                "content_notes": serializers.ListField(child=serializers.CharField()),
                "published_at": serializers.DateTimeField(allow_null=True),
            },
        ),
        "facets": serializers.DictField(
            child=inline_serializer(
                "FacetValue",
                many=True,
                fields={"value": serializers.CharField(), "count": serializers.IntegerField()},
            )
        ),
        "facets_estimated": serializers.BooleanField(
            help_text="Facet counts are estimated from a sample (very broad searches)."
        ),
        "suggestions": serializers.ListField(
            child=serializers.CharField(),
            help_text="When nothing matched: other queries (for `q`) that do find accounts.",
        ),
        "unfiltered_count": serializers.IntegerField(
            allow_null=True,
            help_text="When nothing matched with filters: how many the same words find without them.",
        ),
        "did_you_mean": serializers.CharField(
            allow_null=True,
            help_text="The query with misspelt words corrected from the words of published "
            "accounts, when it finds accounts (for `q`); else null.",
        ),
        "ranked_among": serializers.IntegerField(
            allow_null=True,
            help_text="Relevance order ranks only this many of the matches (very broad "
            "searches), so `num_pages` covers them; sort=date pages through more.",
        ),
    },
)

_SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description='Words, "quoted phrases", OR, and -excluded words.'),
    OpenApiParameter(
        "lang", str, many=True, description="Language code; repeat or comma-separate."
    ),
    OpenApiParameter("year_from", int, description="Earliest year (inclusive)."),
    OpenApiParameter("year_to", int, description="Latest year (inclusive)."),
    OpenApiParameter("country", str, many=True, description="ISO 3166 alpha-2 code; repeatable."),
    OpenApiParameter("setting", str, many=True, enum=Setting.values, description="Repeatable."),
    OpenApiParameter("hashtag", str, many=True, description="With or without '#'; repeatable."),
    OpenApiParameter(
        "hide",
        str,
        many=True,
        enum=ContentNote.values,
        description="Leave out accounts with these content notes.",
    ),
    OpenApiParameter("sort", str, enum=["relevance", "date"]),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description=f"1 to {MAX_PAGE_SIZE}; default {PAGE_SIZE}."),
    OpenApiParameter("facets", bool, description="Include facet counts (default true)."),
]


class SearchView(APIView):
    """Full-text search over published accounts, with the search page's parameters."""

    http_method_names = _SAFE_METHODS
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [VisitorRateThrottle]

    @extend_schema(
        tags=["published accounts"],
        parameters=_SEARCH_PARAMETERS,
        responses={200: _SEARCH_RESPONSE},
        description=(
            "Search published accounts. Snippets are lists of plain-text parts; a part with "
            "`highlighted: true` matched the query. Parts are text, not HTML: escape them."
        ),
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        with_facets = request.query_params.get("facets", "true").lower() not in ("0", "false", "no")
        query = replace(
            form.to_query(with_facets=with_facets), visitor_language=get_language() or ""
        )
        results: SearchResults = selectors.run_search(query)
        hits = only_public_hits(results.hits)
        num_pages = min(MAX_PAGE, results.page_count)

        def page_link(number: int | None) -> str | None:
            if number is None:
                return None
            params = request.query_params.copy()
            params["page"] = str(number)
            return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

        return Response(
            {
                "count": results.total,
                "count_estimated": results.total_estimated,
                "page": results.page,
                "page_size": query.page_size,
                "num_pages": num_pages,
                "ranked_among": results.ranked_among,
                "next": page_link(results.page + 1 if results.page < num_pages else None),
                "previous": page_link(results.page - 1 if results.page > 1 else None),
                "results": [
                    {
                        "id": hit.public_id,
                        "url": reverse(
                            "api-public-story-detail",
                            kwargs={"public_id": hit.public_id},
                            request=request,
                        ),
                        "title": hit.title,
                        "snippet": [
                            {"text": part.text, "highlighted": part.highlighted}
                            for part in hit.snippet
                        ],
                        "language": hit.language,
                        "year": hit.year,
                        "country": hit.country,
                        "setting": hit.setting,
                        "content_notes": list(hit.content_notes),
                        "published_at": hit.published_at,
                    }
                    for hit in hits
                ],
                "facets": {
                    name: [{"value": str(value), "count": count} for value, count in values]
                    for name, values in results.facets.items()
                },
                "facets_estimated": results.facets_estimated,
                "suggestions": list(results.suggestions),
                "did_you_mean": results.did_you_mean or None,
                "unfiltered_count": results.unfiltered_total,
            }
        )


# ---- statistics -----------------------------------------------------------------------

_STATS_RESPONSE = inline_serializer(
    "Statistics",
    fields={
        "threshold": serializers.IntegerField(),
        "total": serializers.IntegerField(allow_null=True),
        "dimensions": serializers.DictField(
            child=inline_serializer(
                "StatisticsDimension",
                fields={
                    "cells": inline_serializer(
                        "StatisticsCell",
                        many=True,
                        fields={
                            "value": serializers.CharField(),
                            "label": serializers.CharField(),
                            "count": serializers.IntegerField(),
                        },
                    ),
                    "other": serializers.IntegerField(allow_null=True),
                    "not_stated": serializers.IntegerField(allow_null=True),
                    "suppressed_cells": serializers.BooleanField(),
                },
            )
        ),
    },
)


class StatisticsView(APIView):
    """Aggregate statistics of published accounts whose authors allowed statistics."""

    http_method_names = _SAFE_METHODS
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [VisitorRateThrottle]

    @extend_schema(
        tags=["statistics"],
        responses={200: _STATS_RESPONSE},
        description=(
            "Counts by year, country, setting, language and content note. A group smaller "
            "than `threshold` is not named; small groups are pooled into `other`, and where "
            "a dimension's groups add up to `total`, the next smallest groups join the pool "
            "until it holds at least two groups and reaches the threshold, so no small group "
            "can be worked out by subtraction. `other` is null while below the threshold; "
            "`total` is null while the archive is small."
        ),
    )
    def get(self, request):
        return Response(stats.public_statistics().as_dict())
