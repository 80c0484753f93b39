from django.urls import reverse

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from tests.plugin_app.models import Reading

READINGS = register(
    DeclaredList(
        name="plugin-readings",  # also /api/v1/lists/plugin-readings
        source=lambda request, params: Reading.objects.all(),
        columns=(
            Column("number", "编号", link=lambda r: reverse("plugin_app:reading", args=[r.pk])),
            Column("station", "站点"),
            Column("value", "读数", numeric=True),
        ),
        filters=(Filter("q", "关键词", kind="search", search=("number", "station")),),
        orderings=(Ordering("new", "最新", ("-pk",)), Ordering("old", "最早", ("pk",))),
        permission="plugin_app.view_reading",
        filename="plugin-readings",
    )
)
