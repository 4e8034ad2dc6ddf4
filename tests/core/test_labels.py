"""Choice labels (lidhja.core.models.labels) and options kept per generation
(lidhja.core.widgets.ListSelect): the same words as Django's, in the reader's language, and
never older than the last write."""

import pytest
from django.utils import translation

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.core.widgets import ListSelect
from lidhja.evaluation.interfaces.forms import ActionForm
from lidhja.organisations.domain import services as organisations
from lidhja.plans.models import PlanNode


@pytest.mark.django_db
def test_labels_are_djangos_in_each_language():
    node = PlanNode.objects.filter(level="activity").first()
    field = PlanNode._meta.get_field("chapter")
    for language in ("en", "sq"):
        with translation.override(language):
            expected = str(dict(field.flatchoices)[node.chapter])
            assert node.get_chapter_display() == expected
            assert str(node) == f"{expected} {node.code}"
    with translation.override("en"):
        english = node.get_chapter_display()
    with translation.override("sq"):
        assert node.get_chapter_display() != english  # the catalogue has the chapter names
    node.chapter = "no-such-chapter"
    assert node.get_chapter_display() == "no-such-chapter"  # as Django: the value itself


def test_kept_options_need_their_areas():
    with pytest.raises(ValueError):
        ListSelect(kept_as="activities")


@pytest.mark.django_db
def test_kept_options_are_renewed_by_the_next_write_and_a_choice_is_not_kept():
    assert ActionForm().fields["owner"].widget.kept_as == "organisations"
    assert 'value="NEWORG"' not in str(ActionForm()["owner"])
    organisations.create_organisation(
        code="NEWORG",
        values={"name": "New shelter", "kind": "ngo", "level": "local"},
        by=SYSTEM,
    )
    kept = str(ActionForm()["owner"])
    assert 'value="NEWORG"' in kept  # the first view after the write
    assert kept.count(" selected") == 1 and '<option value="" selected>' in kept
    chosen = str(ActionForm({"owner": "NEWORG"})["owner"])
    assert chosen.count(" selected") == 1 and '<option value="NEWORG" selected>' in chosen
