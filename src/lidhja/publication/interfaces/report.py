"""The joint three-monthly statistical report written at the command line
(`lidhja report statistics`): the period is published first if it is not yet (a report is a
publication, and reports only what is frozen), then rendered like the page's downloads."""

from dataclasses import dataclass

from django.db import transaction

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.domain import services as audit
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.interfaces.documents import Download, build_download, document_in
from lidhja.publication.models import Release


@dataclass(frozen=True)
class Written:
    download: Download
    published_now: bool


def statistics_report(code: str, lang: str, fmt: str) -> Written:
    period = Period.parse(code)
    published_now = not Release.objects.filter(period=period.code).exists()
    if published_now:
        services.publish(period, by=SYSTEM)
    document = document_in(period, lang)
    assert document is not None  # published above
    download = build_download(document, fmt, lang)
    with transaction.atomic():
        audit.record(
            "statistics.report_exported",
            obj=Release.objects.get(period=period.code),
            changes={"format": fmt, "lang": lang},
        )
    return Written(download, published_now)
