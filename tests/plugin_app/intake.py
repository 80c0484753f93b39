from decimal import Decimal, InvalidOperation


def process_readings(ctx) -> str:
    from tests.plugin_app.services import create_reading

    table = ctx.table()  # CSV (UTF-8/GBK) or XLSX; rows carry the line Excel shows
    stored = 0
    for done, row in enumerate(table.rows, start=1):
        station = (row.get("站点") or "").strip()
        try:
            value = Decimal(str(row.get("读数") or "").strip())
        except InvalidOperation:
            ctx.error(row.line, "读数", "读数不是数字。")
            continue
        if not station:
            ctx.error(row.line, "站点", "缺少站点。")
            continue
        # per row: a DomainError raised by the service becomes this line's error
        if ctx.apply_row(
            row.line, lambda s=station, v=value: create_reading(actor=ctx.actor, station=s, value=v)
        ):
            stored += 1
        ctx.progress(done)
    return f"已导入 {stored} 行。"
