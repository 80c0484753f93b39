"""What the 正文 editor of the draft form (assets/editor.js) needs from the server: its labels in
the page's language, and the textarea's attributes (the Word import address, the document's
pictures that may go into the body)."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.disclosure.models import Document, FileType

# Pictures the browser shows inline (attachment_response serves them as images).
BODY_IMAGE_TYPES = (FileType.PNG, FileType.JPEG)


def labels() -> dict[str, str]:
    return {
        "toolbar": _("正文格式"),
        "body": _("正文"),
        "paragraph": _("正文段落"),
        "h2": _("一级标题"),
        "h3": _("二级标题"),
        "bold": _("加粗"),
        "italic": _("斜体"),
        "underline": _("下划线"),
        "bulletList": _("项目列表"),
        "orderedList": _("编号列表"),
        "link": _("链接"),
        "linkAddress": _("链接地址（留空则取消链接）"),
        "linkInvalid": _("链接地址须以 https://、http://、mailto:、tel: 或 / 开头。"),
        "table": _("插入表格"),
        "addRow": _("加一行"),
        "deleteRow": _("删除行"),
        "addColumn": _("加一列"),
        "deleteColumn": _("删除列"),
        "deleteTable": _("删除表格"),
        "image": _("图片"),
        "imageFile": _("图片附件"),
        "imageAlt": _("替代文字（说明图片内容，必填）"),
        "imageAltRequired": _("请填写替代文字。"),
        "imageNone": _("本文件还没有图片附件：请先保存草稿，上传 PNG 或 JPEG 图片附件，再插入正文。"),
        "undo": pgettext("editor", "撤销"),
        "redo": pgettext("editor", "重做"),
        "wordImport": _("从 Word 导入"),
        "wordImporting": _("正在导入 Word 文档……"),
        "wordDone": _("已导入 Word 文档，请核对后保存草稿。"),
        "wordFailed": _("导入失败，请重试。"),
        "ok": _("确定"),
        "cancel": _("取消"),
    }


def textarea_attributes(document: Document | None) -> dict[str, str]:
    images = []
    if document is not None:
        pictures = document.current_attachments().filter(file_type__in=BODY_IMAGE_TYPES)
        images = [{"src": file.get_absolute_url(), "name": file.title or file.name} for file in pictures]
    return {
        "data-rich-editor": "",
        "data-import-url": reverse("disclosure:staff_word_import"),
        "data-images": json.dumps(images, ensure_ascii=False),
    }
