from lidhja.campaigns.models.campaign import Campaign, CampaignEvent, Material, ReachReport
from lidhja.campaigns.models.choices import (
    CampaignStatus,
    Channel,
    EventKind,
    MaterialKind,
    MaterialLanguage,
    ReachStatus,
    TargetGroup,
)

__all__ = [
    "Campaign",
    "CampaignEvent",
    "CampaignStatus",
    "Channel",
    "EventKind",
    "Material",
    "MaterialKind",
    "MaterialLanguage",
    "ReachReport",
    "ReachStatus",
    "TargetGroup",
]
