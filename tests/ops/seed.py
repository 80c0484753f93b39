"""Run inside `gongkai manage shell` by the restore drill: a little of everything a backup must keep
(accounts, audit records, a published-side attachment under MEDIA_ROOT, a private file)."""

import io
from datetime import date

from django.conf import settings
from PIL import Image

from gongkai.core import services as core_services
from gongkai.disclosure import services
from gongkai.disclosure.models import DocType

admin = core_services.create_user(
    actor=None,
    username="drill",
    password="Huanbao#2026ok",
    roles=["administrator", "editor"],
    full_name="演练管理员",
)
item = services.save_catalogue_item(
    actor=admin, code="03", name="法定主动公开内容", department="办公室", channels=["政府网站"]
)
document = services.create_document(
    actor=admin,
    title="示例市生态环境局关于开展备份恢复演练的通知",
    catalogue_item=item,
    issuing_organ="示例市生态环境局",
    document_number="示环发〔2026〕9号",
    date_formed=date(2026, 9, 28),
    doc_type=DocType.OTHER,
    body="<p>各科室：现开展备份恢复演练。</p>",
)
buffer = io.BytesIO()
Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
attachment = services.add_attachment(actor=admin, document=document, name="演练.png", data=buffer.getvalue())
private = settings.DATA_DIR / "private" / "applications" / "attachments"
private.mkdir(parents=True, exist_ok=True)
(private / "raw.bin").write_bytes(b"\x00applicant-identity-scan\xff")
print("SEEDED", attachment.file.name)
