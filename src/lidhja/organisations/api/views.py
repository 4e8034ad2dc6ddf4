"""The registry API: every signed-in user reads it (`organisation.view`); ONAC and the system
administrator change it (`organisation.manage`) through the same services as the pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.organisations.api.serializers import (
    MergeInput,
    OrganisationInput,
    OrganisationSerializer,
    VersionInput,
)
from lidhja.organisations.domain import services
from lidhja.organisations.models import Organisation


class RegistryPermission(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return can(request.user, "organisation.view")
        return can(request.user, "organisation.manage")


class RegistryView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, RegistryPermission]
    queryset = Organisation.objects.select_related("parent", "merged_into").prefetch_related(
        "member_of"
    )
    serializer_class = OrganisationSerializer
    lookup_field = "code"


class OrganisationList(generics.ListAPIView, RegistryView):
    """The organisations and classes of actors; POST adds one."""

    @extend_schema(
        request=OrganisationInput,
        responses={201: OrganisationSerializer, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = OrganisationInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "code" not in data.validated_data:
            raise ValidationError({"code": ["This field is required."]})
        org = services.create_organisation(
            code=data.validated_data["code"],
            values=data.values(),
            member_of=data.validated_data.get("member_of", []),
            by=request.user,
        )
        return Response(
            OrganisationSerializer(org).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("organisations-api:detail", args=[org.code])},
        )


class OrganisationDetail(generics.RetrieveAPIView, RegistryView):
    """One organisation; PATCH changes it (give `version`: a stale one answers 409)."""

    @extend_schema(
        request=OrganisationInput,
        responses={200: OrganisationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request, code):
        org = get_object_or_404(Organisation, code=code)
        data = OrganisationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            raise ValidationError({"version": ["This field is required."]})
        org = services.update_organisation(
            org,
            version=data.validated_data["version"],
            values=data.values(),
            member_of=data.validated_data.get("member_of"),
            by=request.user,
        )
        return Response(OrganisationSerializer(org).data)


class OrganisationAction(RegistryView):
    """Deactivate, reactivate, or merge into another organisation (`into`)."""

    operation = ""

    def get_serializer_class(self):
        return MergeInput if self.operation == "merge" else VersionInput

    @extend_schema(responses={200: OrganisationSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, code):
        org = get_object_or_404(Organisation, code=code)
        data = self.get_serializer_class()(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data["version"]
        if self.operation == "merge":
            result = services.merge_organisation(
                org, data.validated_data["into"], version=version, by=request.user
            )
        else:
            active = self.operation == "reactivate"
            result = services.set_active(org, active, version=version, by=request.user)
        return Response(OrganisationSerializer(result).data)
