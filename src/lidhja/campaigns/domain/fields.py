"""The fields of campaigns, materials, events and reach reports, declared once: the page forms
(campaigns.interfaces.forms), the API serializers (campaigns.api.serializers) and the services
all take these lists, so a field cannot be on one side and missing on the other."""

CAMPAIGN = (
    "code",
    "title",
    "title_sq",
    "lead",
    "partners",
    "activities",
    "target_groups",
    "qarks",
    "channels",
    "starts_on",
    "ends_on",
    "status",
)
# Fields whose value is a list of codes of a vocabulary (stored as a JSON list).
CODE_LISTS = ("target_groups", "qarks", "channels")
# Fields that are sets of related rows.
RELATED_SETS = ("partners", "activities")
MATERIAL = ("kind", "title", "language", "quantity")
EVENT = ("held_on", "qark", "place", "kind", "participants")
REACH = ("people_reached", "broadcasts", "materials_distributed", "events_held", "comment")
# The figures of a reach report that add up across quarters and campaigns.
REACH_FIGURES = ("people_reached", "broadcasts", "materials_distributed", "events_held")
