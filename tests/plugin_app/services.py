from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.core.sequences import next_value
from tests.plugin_app.models import Reading


@transaction.atomic
def create_reading(*, actor, station: str, value: Decimal) -> Reading:
    if not actor.has_perm("plugin_app.add_reading"):
        raise DomainError("没有新增读数的权限。")
    if value < 0:
        raise DomainError("读数不能为负数。", field="value")
    year = timezone.localdate().year
    serial = next_value("plugin_app.reading", year)  # locked, gap-free, per year
    reading = Reading.objects.create(number=f"插读〔{year}〕{serial}号", station=station, value=value)
    audit.record(
        actor=actor, action="plugin_app.reading_create", target=reading, after={"number": reading.number}
    )
    return reading
