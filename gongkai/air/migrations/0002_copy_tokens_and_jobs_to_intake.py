"""Data intake moved into the foundation app ``intake``: copy the air tokens (same digests, so every
token in use stays valid, scoped to ``air.observations``) and the import jobs there. The air tables
are dropped by the next migration, in its own transaction (PostgreSQL refuses to drop a table in
the transaction that has pending constraint checks on rows just written)."""

from django.db import migrations

SCOPE = "air.observations"
STATUS = {"queued": "failed", "running": "failed", "done": "done", "rejected": "failed"}


def copy_forward(apps, schema_editor):
    OldToken = apps.get_model("air", "ApiToken")
    NewToken = apps.get_model("intake", "ApiToken")
    for token in OldToken.objects.all().iterator():
        NewToken.objects.create(
            name=token.name,
            importer=SCOPE,
            prefix=token.prefix,
            digest=token.digest,
            owner_id=token.created_by_id,
            created_at=token.created_at,
            revoked_at=token.revoked_at,
            last_used_at=token.last_used_at,
        )
    OldJob = apps.get_model("air", "ImportJob")
    NewJob = apps.get_model("intake", "ImportJob")
    for job in OldJob.objects.defer("content").iterator():
        errors = [
            # old rows counted data rows from 1; Excel shows the header as line 1
            {"line": error["row"] + 1 if error.get("row") else 0, "field": error.get("field", ""),
             "message": error.get("message", "")}
            for error in job.errors or []
        ]
        status = STATUS.get(job.status, "failed")
        if job.status in ("queued", "running"):
            reason = "系统升级时中断，请重新上传。"
        elif status == "failed":
            reason = errors[0]["message"] if len(errors) == 1 and not errors[0]["line"] else "数据未导入：存在错误。"
        else:
            reason = ""
        NewJob.objects.create(
            importer=SCOPE,
            uploaded_by_id=job.uploaded_by_id,
            filename=job.filename,
            content=b"",
            status=status,
            reason=reason,
            rows_done=job.processed,
            rows_total=job.total,
            errors=errors,
            result={"created": job.created, "updated": job.updated, "unchanged": job.unchanged, "summary": ""},
            created_at=job.created_at,
            heartbeat_at=job.finished_at or job.created_at,
            finished_at=job.finished_at or job.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("air", "0001_initial"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_forward, migrations.RunPython.noop)]
