"""公开依据 updated to the laws in force, and the rows 条例 Art. 20 requires of a city bureau that the
shipped catalogue lacked ((五)/(六) 依据·条件·程序, (八) 收费, (九) 采购, (十四) 招考). Rows a bureau
changed itself are left alone: a basis is replaced only where it still holds the repealed text, a
row is added only where its code is free and the parent 03 exists."""

from django.db import migrations

REPLACEMENTS = (
    ("环境噪声污染防治法", "噪声污染防治法"),
    (
        "《排污许可管理办法（试行）》《企业事业单位环境信息公开办法》",
        "《排污许可管理条例》《排污许可管理办法》《企业环境信息依法披露管理办法》",
    ),
)
ART20 = "《中华人民共和国政府信息公开条例》第二十条第（%s）项"
ROWS = (
    ("03.09", "行政许可和管理服务事项", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", "五", "审批科"),
    ("03.10", "行政处罚和行政强制", "实施行政处罚、行政强制的依据、条件、程序以及本机关认为具有一定社会影响的行政处罚决定", "六", "执法支队"),
    ("03.11", "行政事业性收费", "行政事业性收费项目及其依据、标准", "八", "财务科"),
    ("03.12", "政府集中采购", "政府集中采购项目的目录、标准及实施情况", "九", "财务科"),
    ("03.13", "公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果", "十四", "人事科"),
)


def update_catalogue(apps, schema_editor):
    CatalogueItem = apps.get_model("disclosure", "CatalogueItem")
    for old, new in REPLACEMENTS:
        for item in CatalogueItem.objects.filter(basis__contains=old):
            item.basis = item.basis.replace(old, new)
            item.save(update_fields=["basis"])
    parent = CatalogueItem.objects.filter(code="03").first()
    if parent is None:
        return
    last = CatalogueItem.objects.filter(code__startswith="03.").order_by("-order").first()
    order = (last.order if last else parent.order) + 1
    for code, name, content, item, department in ROWS:
        if CatalogueItem.objects.filter(code=code).exists():
            continue
        CatalogueItem.objects.create(
            parent=parent,
            code=code,
            name=name,
            content=content,
            basis=ART20 % item,
            time_limit_days=20,
            time_limit_start="formed",
            department=department,
            channels=["政府网站"],
            audience="全社会",
            method="主动",
            level="市级、县级",
            order=order,
        )
        order += 1


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0008_table2_freeze")]

    operations = [migrations.RunPython(update_catalogue, migrations.RunPython.noop)]
