"""The Responsible Authority's review of possible same persons, in the API: the same rows as
the page (linkage.review_rows) and the same services (persons.confirm_link, reject_link)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.fields import EnumField
from lidhja.cases.api.schema import errors
from lidhja.cases.domain import linkage, persons
from lidhja.cases.models import LinkSource, LinkStatus, PersonLink

DECISIONS = {"confirm": persons.confirm_link, "reject": persons.reject_link}


class LinkFilterSerializer(serializers.Serializer):
    status = EnumField(LinkStatus, required=False, default=LinkStatus.PROPOSED)


class LinkEvidenceSerializer(serializers.Serializer):
    comparison = serializers.CharField()
    level = serializers.CharField()
    label = serializers.CharField()


class PersonLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = EnumField(LinkStatus)
    score = serializers.FloatField(help_text=_("The match probability of the linkage model."))
    source = EnumField(LinkSource)
    cases_a = serializers.ListField(child=serializers.CharField())
    cases_b = serializers.ListField(child=serializers.CharField())
    evidence = LinkEvidenceSerializer(many=True)
    proposed_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ReviewsLinks(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "person.link_review")


class LinkAPIView(generics.GenericAPIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ReviewsLinks]
    queryset = PersonLink.objects.none()  # for the schema


class LinkList(LinkAPIView):
    """Links between persons who may be the same (proposed by default): the two persons' case
    codes and which token kinds matched, never a name or a date. Responsible Authority only."""

    serializer_class = PersonLinkSerializer

    @extend_schema(
        parameters=[LinkFilterSerializer],
        responses={200: PersonLinkSerializer(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        query = LinkFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(linkage.links_for_review(query.validated_data["status"]))
        rows = linkage.review_rows(page)
        return self.get_paginated_response(PersonLinkSerializer(rows, many=True).data)


class LinkDecide(LinkAPIView):
    """Confirm (the same person: statistics count one) or reject (different persons; undoes a
    confirmation) a link, with the version last read: a stale version answers 409."""

    serializer_class = DecisionSerializer

    @extend_schema(responses={200: PersonLinkSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, pk: int, decision: str):
        if decision not in DECISIONS:
            raise NotFound
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = DECISIONS[decision](
            pk, by=request.user, version=serializer.validated_data["version"]
        )
        return Response(PersonLinkSerializer(linkage.review_rows([link])[0]).data)
