"""core.facility and core.yearly: the registries through which domain apps meet."""

from decimal import Decimal

import pytest

from gongkai.core import facility, yearly


@pytest.fixture
def clean_facility(monkeypatch):
    monkeypatch.setattr(facility, "_sections", {})
    monkeypatch.setattr(facility, "_directory", [])


@pytest.fixture
def clean_yearly(monkeypatch):
    monkeypatch.setattr(yearly, "_contributors", {})


def test_facility_sections_render_in_order_and_leave_out_empty(clean_facility):
    facility.register(facility.FacilitySection("b", "B", "b.html", lambda code, public: {"code": code}, 20))
    facility.register(facility.FacilitySection("a", "A", "a.html", lambda code, public: {"p": public}, 10))
    facility.register(facility.FacilitySection("none", "N", "n.html", lambda code, public: None, 5))
    rendered = facility.sections_for("91350100M000100Y43", public=False)
    assert [r.section.key for r in rendered] == ["a", "b"]
    assert rendered[0].context == {"p": False}
    assert rendered[1].context == {"code": "91350100M000100Y43"}


def test_facility_key_clash_raises(clean_facility):
    section = facility.FacilitySection("a", "A", "a.html", lambda code, public: {})
    facility.register(section)
    facility.register(section)  # the same again is harmless
    with pytest.raises(ValueError):
        facility.register(facility.FacilitySection("a", "A", "other.html", lambda code, public: {}))


def test_directory_absent_then_present(clean_facility):
    assert facility.lookup("91350100M000100Y43") is None
    assert facility.search("化工") == []
    ref = facility.EnterpriseRef("91350100M000100Y43", "示例化工有限公司", "/qy/91350100M000100Y43/")
    directory = facility.Directory(
        lookup=lambda code: ref if code == ref.credit_code else None,
        search=lambda text, limit: [ref][:limit] if text in ref.name else [],
    )
    facility.register_directory(directory)
    assert facility.has_directory()
    assert facility.lookup(ref.credit_code) == ref
    assert facility.lookup("") is None
    assert facility.search("化工") == [ref]
    with pytest.raises(ValueError):
        facility.register_directory(facility.Directory(lookup=lambda c: None, search=lambda t, n: []))


def test_yearly_collects_in_order(clean_yearly):
    yearly.register(
        yearly.Contributor(
            "enforcement",
            lambda year: yearly.Contribution(table2={"penalty": {"decisions": year - 2000}}),
            order=2,
        )
    )
    yearly.register(
        yearly.Contributor(
            "disclosure",
            lambda year: yearly.Contribution(
                table2={"fees": {"fee_amount": Decimal("0")}},
                facts=(yearly.Fact("一", "主动公开", "全年主动公开政府信息10条。", {"documents": 10}),),
            ),
            order=1,
        )
    )
    collected = yearly.collect(2026)
    assert [c.key for c, _ in collected] == ["disclosure", "enforcement"]
    assert collected[1][1].table2 == {"penalty": {"decisions": 26}}


@pytest.mark.parametrize(
    "table2",
    [{"penalties": {"decisions": 1}}, {"penalty": {"count": 1}}],
)
def test_yearly_contribution_refuses_unknown_cells(table2):
    with pytest.raises(ValueError):
        yearly.Contribution(table2=table2)


def test_yearly_fact_needs_a_known_section():
    with pytest.raises(ValueError):
        yearly.Fact("七", "主动公开", "…")
