"""The campaigns API: the pages' field lists and services. Reading needs `campaigns.view`;
every change is decided again by the services (403), and a stale `version` answers 409."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.campaigns.api.serializers import (
    CampaignDetailSerializer,
    CampaignSerializer,
    ReachSerializer,
    ReturnSerializer,
    VersionSerializer,
)
from lidhja.campaigns.domain import fields, queries, services
from lidhja.campaigns.models import Campaign, ReachReport
from lidhja.campaigns.models.choices import CampaignStatus, TargetGroup
from lidhja.cases.api.schema import errors
from lidhja.organisations.models import Qark


class CanViewCampaigns(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "campaigns.view")


class CampaignAPIView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, CanViewCampaigns]
    queryset = Campaign.objects.none()  # for the schema

    def campaign(self) -> Campaign:
        return get_object_or_404(queries.campaign_detail_queryset(), code=self.kwargs["code"])


def _require(user, permission: str, organisation=None) -> None:
    """Refuse before reading the input when the user may not take this step at all (the
    services decide again with the input)."""
    if not can(user, permission, organisation):
        raise PermissionDenied(_("You may not take this step on this campaign."))


def _values(validated: dict) -> dict:
    return {k: v for k, v in validated.items() if k in fields.CAMPAIGN}


class CampaignFilterSerializer(serializers.Serializer):
    """The list's filters, checked like any input: an unknown value answers 400 naming it."""

    status = serializers.ChoiceField(choices=CampaignStatus.choices, required=False)
    qark = serializers.ChoiceField(choices=Qark.choices, required=False)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    lead = serializers.CharField(required=False, max_length=32)


FILTER_PARAMETERS = [CampaignFilterSerializer]


class CampaignList(generics.ListCreateAPIView, CampaignAPIView):
    """Campaigns (filtered like the list page: status, qark, target_group, lead), and creating
    one."""

    serializer_class = CampaignSerializer

    def get_queryset(self):
        query = CampaignFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = {k: query.validated_data.get(k, "") for k in queries.FILTERS}
        return queries.campaign_list(filters).prefetch_related("partners", "activities")

    @extend_schema(
        parameters=FILTER_PARAMETERS, responses={200: CampaignSerializer, **errors(400, 403)}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(responses={201: CampaignSerializer, **errors(400, 403)})
    def post(self, request, *args, **kwargs):
        _require(request.user, "campaigns.manage")
        serializer = CampaignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = services.create_campaign(_values(serializer.validated_data), by=request.user)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetail(CampaignAPIView):
    """A campaign with its materials, events and reach by quarter; changing it."""

    serializer_class = CampaignDetailSerializer

    @extend_schema(responses={200: CampaignDetailSerializer, **errors(403, 404)})
    def get(self, request, code):
        return Response(CampaignDetailSerializer(self.campaign()).data)

    @extend_schema(
        request=CampaignSerializer,
        responses={200: CampaignSerializer, **errors(400, 403, 404, 409)},
    )
    def put(self, request, code):
        campaign = self.campaign()
        _require(request.user, "campaigns.manage", campaign.lead)
        data = request.data.copy()
        data["code"] = campaign.code
        serializer = CampaignSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        version = VersionSerializer(data=request.data)
        version.is_valid(raise_exception=True)
        changed = services.edit_campaign(
            campaign,
            _values(serializer.validated_data),
            version=version.validated_data["version"],
            by=request.user,
        )
        return Response(CampaignSerializer(changed).data)


class ReachDetail(CampaignAPIView):
    """One quarter's reach of a campaign; the lead organisation writes its draft with PUT."""

    serializer_class = ReachSerializer

    def _quarter(self, campaign: Campaign) -> str:
        if self.kwargs["period"] not in services.quarters(campaign):
            raise NotFound
        return self.kwargs["period"]

    @extend_schema(responses={200: ReachSerializer, **errors(403, 404)})
    def get(self, request, code, period):
        campaign = self.campaign()
        report = get_object_or_404(
            ReachReport, campaign=campaign, period__code=self._quarter(campaign)
        )
        return Response(ReachSerializer(report).data)

    @extend_schema(responses={200: ReachSerializer, **errors(400, 403, 404, 409)})
    def put(self, request, code, period):
        campaign = self.campaign()
        _require(request.user, "campaigns.report_reach", campaign.lead)
        serializer = ReachSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        report = services.save_reach(
            campaign, self._quarter(campaign), data, version=version, by=request.user
        )
        return Response(ReachSerializer(report).data)


class ReachStep(CampaignAPIView):
    """Submit a quarter's reach (its lead organisation) or return it (ONAC)."""

    step = ""  # "submit" or "return", set per URL

    def get_serializer_class(self):
        return ReturnSerializer if self.step == "return" else VersionSerializer

    @extend_schema(responses={200: ReachSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, code, period):
        campaign = self.campaign()
        if self.step == "return":
            _require(request.user, "campaigns.review_reach")
        else:
            _require(request.user, "campaigns.report_reach", campaign.lead)
        report = get_object_or_404(ReachReport, campaign=campaign, period__code=period)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data["version"]
        if self.step == "return":
            comment = serializer.validated_data["comment"]
            report = services.return_reach(report, comment, version=version, by=request.user)
        else:
            report = services.submit_reach(report, version=version, by=request.user)
        return Response(ReachSerializer(report).data)
