"""Table 二 第二十条第（八）项 行政事业性收费 as a yearly contribution (`core.yearly`) of this app: the figure
staff entered for the year (`FeeFigure`). Without an entry the row stays one nobody gives (按0填报, named in
the report's list of rows without a module)."""

from __future__ import annotations

from gongkai.annual.models import FeeFigure
from gongkai.core import yearly

KEY = "annual.fees"


def contribution(year: int) -> yearly.Contribution:
    figure = FeeFigure.objects.filter(year=year).first()
    if figure is None:
        return yearly.Contribution()
    return yearly.Contribution(table2={"fees": {"fee_amount": figure.amount}})


CONTRIBUTOR = yearly.Contributor(key=KEY, compute=contribution, order=900)
