"""主动公开: the catalogue (基本目录), documents with their attachments, the privacy gate's hits,
revision history, the index-number counter and the search index rows.

A document's public face is always `Document.objects.published()`; every other row is staff-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.privacy.scanner import KIND_LABELS


class Channel(models.TextChoices):
    """公开渠道和载体: the checklist of the 标准目录 (环办厅函〔2019〕672号)."""

    WEBSITE = "政府网站", _("政府网站")
    GAZETTE = "政府公报", _("政府公报")
    NEW_MEDIA = "两微一端", _("两微一端")
    PRESS = "发布会/听证会", _("发布会/听证会")
    BROADCAST = "广播电视", _("广播电视")
    PRINT = "纸质媒体", _("纸质媒体")
    READING_ROOM = "公开查阅点", _("公开查阅点")
    SERVICE_CENTRE = "政务服务中心", _("政务服务中心")
    SERVICE_STATION = "便民服务站", _("便民服务站")
    ON_SITE = "入户/现场", _("入户/现场")
    NOTICE_BOARD = "社区/企事业单位/村公示栏", _("社区/企事业单位/村公示栏")
    TARGETED = "精准推送", _("精准推送")
    OTHER = "其他", _("其他")


class Audience(models.TextChoices):
    PUBLIC = "全社会", _("全社会")
    SPECIFIC = "特定群体", _("特定群体")


class Method(models.TextChoices):
    PROACTIVE = "主动", _("主动")
    ON_REQUEST = "依申请", _("依申请")


class TimeLimitStart(models.TextChoices):
    """条例 Art. 26 counts from the day the information is formed or changed; the 标准目录's
    依申请 rows count from the day a request is received."""

    FORMED = "formed", _("自该信息形成或者变更之日起")
    REQUEST = "request", _("自收到申请之日起")
    ANNUAL = "annual", _("每年1月31日前（条例第四十九条）")


class CatalogueItem(models.Model):
    """A row of the 基本目录 (目录事项): a node of the tree with the standard's attributes."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("编码"), max_length=40, unique=True, help_text=_("如 05.01；上下级以“.”分隔。"))
    name = models.CharField(_("公开事项"), max_length=100)
    order = models.PositiveIntegerField(_("排序"), default=0)
    content = models.TextField(_("公开内容（要素）"), blank=True)
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"), null=True, blank=True, default=20, help_text=_("留空表示没有法定时限。")
    )
    time_limit_start = models.CharField(
        _("时限起算"), max_length=10, choices=TimeLimitStart.choices, default=TimeLimitStart.FORMED
    )
    department = models.CharField(_("公开主体"), max_length=100, blank=True)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    audience = models.CharField(
        _("公开对象"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    method = models.CharField(_("公开方式"), max_length=10, choices=Method.choices, default=Method.PROACTIVE)
    level = models.CharField(_("公开层级"), max_length=50, blank=True)
    link = models.CharField(
        _("栏目链接"), max_length=200, blank=True, help_text=_("站内链接，如 /xxgk/guide/")
    )
    replace_on_change = models.BooleanField(
        _("变更须撤回重发"),
        default=False,
        help_text=_(
            "已发布的文件不能直接修订，须撤回并说明理由后发布新文件（如行政处罚决定，行政处罚法第四十八条）。"
        ),
    )

    class Meta:
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        ordering = ["code"]
        permissions = [("import_catalogueitem", _("可导入基本目录"))]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item", args=[self.pk])

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def time_limit_text(self) -> str:
        if self.time_limit_start == TimeLimitStart.ANNUAL:
            return self.get_time_limit_start_display()
        if self.time_limit_days is None:
            return str(_("无法定时限"))
        return str(_("%(start)s%(days)d个工作日内")) % {
            "start": self.get_time_limit_start_display(),
            "days": self.time_limit_days,
        }

    @property
    def publishes_to_public(self) -> bool:
        """Whether documents of this row go on the public site: only rows disclosed 主动 to
        全社会. A 依申请 or 特定群体 row (e.g. 行政处罚事先告知书, 听证通知书, 标准目录
        环办厅函〔2019〕672号) reaches its recipients (精准推送), never the public lists."""
        return self.method == Method.PROACTIVE and self.audience == Audience.PUBLIC

    @property
    def channels_text(self) -> str:
        return "、".join(self.channels)

    def descendant_ids(self) -> list[int]:
        prefix = self.code + "."
        return [self.pk, *CatalogueItem.objects.filter(code__startswith=prefix).values_list("pk", flat=True)]


class Subject(models.TextChoices):
    """主题分类: the first-level subject classes of the national policy-document library."""

    ORGANISATION = "organisation", _("国务院组织机构")
    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安全生产监管")
    ENVIRONMENT = "environment", _("城乡建设、环境保护")
    SCIENCE = "science", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    SECURITY = "security", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    ETHNIC = "ethnic", _("民族、宗教")
    FOREIGN = "foreign", _("对外事务")
    HMT = "hmt", _("港澳台侨工作")
    DEFENCE = "defence", _("国防")
    OTHER = "other", _("其他")


class DocType(models.TextChoices):
    """文件类型. 规章 and 行政规范性文件 are the rows of the annual report's table 二 (第二十条第（一）项)."""

    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    OTHER = "other", _("其他文件")
    INTERPRETATION = "interpretation", _("政策解读")

    @classmethod
    def normative_types(cls) -> tuple[str, ...]:
        return (cls.REGULATION.value, cls.NORMATIVE.value)


class OrganLevel(models.TextChoices):
    """The level of the organ running the platform. Only bodies with rule-making power issue 规章
    (立法法: 部门规章 by State Council departments, 地方政府规章 by provincial governments and the
    governments of cities with districts); a city or county bureau does not. Setting
    DISCLOSURE_ORGAN_LEVEL, default city_department (a 市生态环境局)."""

    STATE_COUNCIL_DEPARTMENT = "state_council_department", _("国务院部门")
    PROVINCIAL_GOVERNMENT = "provincial_government", _("省级人民政府")
    CITY_GOVERNMENT = "city_government", _("设区的市人民政府")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("省级政府部门")
    CITY_DEPARTMENT = "city_department", _("市级政府部门")
    COUNTY_DEPARTMENT = "county_department", _("县级政府部门")

    @classmethod
    def rule_making(cls) -> frozenset[str]:
        return frozenset({cls.STATE_COUNCIL_DEPARTMENT, cls.PROVINCIAL_GOVERNMENT, cls.CITY_GOVERNMENT})


def may_issue_regulations() -> bool:
    level = getattr(settings, "DISCLOSURE_ORGAN_LEVEL", OrganLevel.CITY_DEPARTMENT)
    return level in OrganLevel.rule_making()


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图文解读")
    MEDIA = "media", _("音视频解读")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "review", _("待保密审查")
    AWAITING_APPROVAL = "approval", _("待领导审批")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    MERGED = "merged", _("修订已发布")  # a revision draft whose content now is the document's


LONG_TEXT_FIELDS = ("body", "body_public", "body_text")
# 行政处罚法 (2021) Art. 48: withdraw a changed or revoked published decision within 3 日 (calendar days).
WITHDRAWAL_DAYS = 3


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        """What the public may see in lists, search, feeds and the API."""
        return self.filter(status=Status.PUBLISHED)

    def public_record(self) -> DocumentQuerySet:
        """Published and withdrawn documents: a withdrawn document's page keeps its record and
        says why, without its content."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])

    def normative(self) -> DocumentQuerySet:
        return self.filter(doc_type__in=DocType.normative_types())


class Document(models.Model):
    """A government document proactively disclosed (主动公开的政府信息)."""

    title = models.CharField(_("标题"), max_length=300)
    index_number = models.CharField(_("索引号"), max_length=100, unique=True, null=True, blank=True)
    catalogue_item = models.ForeignKey(
        CatalogueItem, verbose_name=_("目录事项"), on_delete=models.PROTECT, related_name="documents"
    )
    issuing_organ = models.CharField(_("发布机构"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    date_formed = models.DateField(_("成文日期"))
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    subject = models.CharField(
        _("主题分类"), max_length=20, choices=Subject.choices, default=Subject.ENVIRONMENT
    )
    doc_type = models.CharField(_("文件类型"), max_length=20, choices=DocType.choices, default=DocType.OTHER)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, blank=True)
    ceased_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("废止文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeals",
    )
    repealed_by_title = models.CharField(_("废止文件（名称、文号）"), max_length=300, blank=True)
    interpretation_form = models.CharField(
        _("解读形式"), max_length=10, choices=InterpretationForm.choices, blank=True
    )
    interprets = models.ManyToManyField(
        "self",
        verbose_name=_("解读的政策文件"),
        symmetrical=False,
        blank=True,
        related_name="interpretations",
    )
    department = models.CharField(_("承办处室"), max_length=100, blank=True)

    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_for = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    review_note = models.TextField(_("保密审查意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回意见"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)

    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("修订的文件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revision_drafts",
    )
    revision_reason = models.TextField(_("修订说明"), blank=True)  # shown publicly once published
    revision = models.PositiveIntegerField(_("版本"), default=0)
    changed_on = models.DateField(
        _("变更日期"), null=True, blank=True
    )  # of a revision: 条例 Art. 26 restarts
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("替代的文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    decision_changed_on = models.DateField(_("决定变更或撤销日期"), null=True, blank=True)

    # Timeliness (公开时效), derived from the calendar; recomputed when the calendar changes.
    due_on = models.DateField(_("公开期限"), null=True, blank=True)
    workdays_taken = models.IntegerField(_("用时（工作日）"), null=True, blank=True)
    late = models.BooleanField(_("逾期公开"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("公开期限暂定"), default=False)  # counted on a provisional year

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The long texts come last: SQLite stores a row's columns in order and spills long values to
    # overflow pages, so metadata read by lists and search joins stays on the row's first page.
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML as written (staff)
    body_public = models.TextField(_("公开正文"), blank=True)  # the same with redacted hits masked
    body_text = models.TextField(_("公开正文文字"), blank=True)  # plain text of body_public

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开文件")
        verbose_name_plural = _("公开文件")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="disclosure_doc_status_pub")]
        permissions = [
            ("review_document", _("可进行保密审查和隐私处理")),
            ("approve_document", _("可审批发布")),
            ("withdraw_document", _("可撤回已发布文件")),
            ("import_document", _("可批量导入历史文件")),
            ("view_timeliness", _("可查看公开时效统计")),
            ("view_figures", _("可查看年报统计数据")),
            ("freeze_figures", _("可锁定已报送年度的年报统计数据")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.index_number:
            return reverse("disclosure:document", kwargs={"index_number": self.index_number})
        return reverse("disclosure:staff_document", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("disclosure:staff_document", args=[self.pk])

    @property
    def is_normative(self) -> bool:
        return self.doc_type in DocType.normative_types()

    @property
    def number_year_conflict(self) -> int | None:
        """The year of the 文号 when it contradicts the 成文日期 (flagged to the editor)."""
        from gongkai.disclosure.docnumbers import conflicting_year

        return conflicting_year(self.document_number, self.date_formed)

    def validity_on(self, day) -> str:
        """The validity in force on `day`: a 失效 or 废止 dated in the future is scheduled, the
        document is still 有效 until then; a 有效 document past its 有效期至 has 失效."""
        if not self.is_normative:
            return self.validity
        if self.validity in (Validity.EXPIRED, Validity.REPEALED) and self.ceased_on and self.ceased_on > day:
            return Validity.VALID
        if self.validity == Validity.VALID and self.valid_until and self.valid_until < day:
            return Validity.EXPIRED
        return self.validity

    @property
    def current_validity(self) -> str:
        from django.utils import timezone

        return self.validity_on(timezone.localdate())

    @property
    def current_validity_label(self) -> str:
        return Validity(self.current_validity).label if self.current_validity else ""

    @property
    def ceasing_scheduled(self) -> bool:
        """失效/废止 decided, with a date still to come."""
        return self.current_validity == Validity.VALID and self.validity != Validity.VALID

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    def current_attachments(self):
        return self.attachments.filter(retired_in__isnull=True)

    def ready_interpretations(self):
        """政策解读 of this policy awaiting approval, which the leader may publish with it (同步发布)."""
        if self.status != Status.AWAITING_APPROVAL:
            return Document.objects.none()
        return self.interpretations.filter(status=Status.AWAITING_APPROVAL).order_by("pk")

    @property
    def public_date(self):
        from django.utils import timezone

        return timezone.localdate(self.published_at) if self.published_at else None

    def latest_change(self) -> DocumentRevision | None:
        """The public change note (更新日期 and 修订说明) of a document revised after publication."""
        if self.revision <= 1:
            return None
        return self.revisions.filter(number=self.revision).first()

    @property
    def withdrawal_deadline(self):
        """行政处罚法 Art. 48: a published decision that was changed or revoked is withdrawn within 3 日."""
        from datetime import timedelta

        if self.decision_changed_on is None:
            return None
        return self.decision_changed_on + timedelta(days=WITHDRAWAL_DAYS)

    @property
    def withdrawal_late(self) -> bool | None:
        from django.utils import timezone

        deadline = self.withdrawal_deadline
        if deadline is None or self.withdrawn_at is None:
            return None
        return timezone.localdate(self.withdrawn_at) > deadline


def _original_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/originals/{filename}"


def _redacted_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/redacted/{filename}"


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    GIF = "gif", "GIF"
    WEBP = "webp", "WebP"

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg"}.get(self.value, self.value)

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "png": "image/png",
            "jpeg": "image/jpeg",
            "gif": "image/gif",
            "webp": "image/webp",
        }[self.value]


def file_stem(name: str) -> str:
    """A file name without its extension: 环评审批意见.docx → 环评审批意见."""
    stem, dot, _extension = name.rpartition(".")
    return stem if dot and stem else name


class Attachment(models.Model):
    """A file of a document (附件). The original is for staff; when the privacy gate redacted
    anything in it, the public gets `redacted_file`, a PDF rendition of the redacted text."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    name_public = models.CharField(_("公开文件名"), max_length=200, blank=True)
    # Issue 13: what the public page lists instead of the upload file name (default: the file
    # name without its extension); editable with `order` while the document is a draft.
    title = models.CharField(_("附件标题"), max_length=200, blank=True)
    file = models.FileField(_("原件"), upload_to=_original_path, max_length=200)
    file_type = models.CharField(_("类型"), max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("文字内容"), blank=True)  # extracted from the original (staff)
    text_public = models.TextField(_("公开文字内容"), blank=True)  # with redacted hits masked
    extraction_error = models.CharField(_("无法检查的原因"), max_length=300, blank=True)
    redacted_file = models.FileField(_("脱敏版本"), upload_to=_redacted_path, max_length=200, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    retired_in = models.PositiveIntegerField(_("被替换于版本"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:attachment", args=[self.pk])

    @property
    def title_is_default(self) -> bool:
        """The title is still the file name without its extension (then the privacy gate's
        redaction of the file name applies to it too)."""
        return not self.title or self.title == file_stem(self.name)

    @property
    def public_title(self) -> str:
        """The title the public reads: an edited title as written (the privacy gate scanned it),
        the default one from the public (possibly redacted) file name."""
        if self.title_is_default:
            return file_stem(self.name_public or self.name)
        return self.title

    @property
    def public_name(self) -> str:
        name = self.name_public or self.name
        if self.redacted_file:
            return f"{name.rsplit('.', 1)[0]}（脱敏版）.pdf"
        return name


class Resolution(models.TextChoices):
    PENDING = "pending", _("待处理")
    REDACTED = "redacted", _("已脱敏")
    OVERRIDDEN = "overridden", _("保留公开（已说明理由）")


MANUAL_CHECK = "manual"
HIT_KIND_CHOICES = [
    *((kind.value, label) for kind, label in KIND_LABELS.items()),
    (MANUAL_CHECK, "须人工审核"),
]


class PrivacyHit(models.Model):
    """One finding of the privacy gate (隐私审查命中) in a document's title, body or attachment.
    The value itself is never stored: only its mask, its place and a keyed fingerprint."""

    class Source(models.TextChoices):
        TITLE = "title", _("标题")
        BODY = "body", _("正文")
        ATTACHMENT = "attachment", _("附件")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="privacy_hits")
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="privacy_hits"
    )
    source = models.CharField(_("位置"), max_length=12, choices=Source.choices)
    chunk = models.CharField(max_length=200, blank=True)  # the extractor's location of the text piece
    location = models.CharField(_("具体位置"), max_length=300, blank=True)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("类型"), max_length=20, choices=HIT_KIND_CHOICES)
    masked = models.CharField(_("脱敏值"), max_length=300, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    resolution = models.CharField(
        _("处理结果"), max_length=12, choices=Resolution.choices, default=Resolution.PENDING
    )
    reason = models.TextField(_("保留理由"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("隐私审查命中")
        verbose_name_plural = _("隐私审查命中")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"

    @property
    def location_label(self) -> str:
        """The place a reviewer reads, e.g. 正文第2行第14字. Findings stored before issue 13 kept
        the place without its source, so the source is put in front of them."""
        if self.location.startswith(("标题", "正文", "附件", "全文")):
            return self.location
        return f"{self.get_source_display()} {self.location}".strip()


class DocumentRevision(models.Model):
    """The history of a published document (修订记录): one row per publication of its content."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    reason = models.TextField(_("修订原因"), blank=True)
    snapshot = models.JSONField(_("内容快照"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"))
    # 条例 Art. 26: a change is published within the limit counted from the day it changed (变更之日).
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)
    due_on = models.DateField(_("公开期限"), null=True, blank=True)
    late = models.BooleanField(_("逾期公开"), null=True, blank=True)

    class Meta:
        verbose_name = _("修订记录")
        verbose_name_plural = _("修订记录")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="disclosure_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def reason_display(self) -> str:
        """The reason in the interface language when the system wrote it ("首次发布"); typed ones as is."""
        return gettext(self.reason) if self.reason else ""


class SearchEntry(models.Model):
    """The search index row of a published document: its public title and text segmented into
    words joined by spaces, and its filter values as facet tokens (search/service.py). `key` orders
    entries by publication time (newest largest), so that the index itself yields results newest
    first. SQLite FTS5 indexes these rows through triggers; PostgreSQL adds a tsvector column with a
    GIN index on (vector, key) (migrations 0002-0003, search/backends.py)."""

    key = models.BigIntegerField(primary_key=True)
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="+")
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    facets = models.TextField(blank=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.document_id)


class Table2Freeze(models.Model):
    """The figures of table 二 (第二十条第（一）项) as reported for a year, frozen: a later withdrawal,
    repeal or correction does not change what the annual report said (the report reads these)."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    rows = models.JSONField(_("数据"))
    frozen_at = models.DateTimeField(_("锁定时间"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("已锁定的年报表二数据")
        verbose_name_plural = _("已锁定的年报表二数据")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class LegacyBatch(models.Model):
    """One legacy import (历史信息导入批次): the documents of one metadata file, held until a
    reviewer's 保密审查 decision covers them. Nothing of a batch is published without one."""

    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(_("文件摘要（SHA-256）"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史信息导入批次")
        verbose_name_plural = _("历史信息导入批次")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class LegacyReview(models.Model):
    """A reviewer's bulk 保密审查 decision over a batch: who, when, the opinion, and its scope (the
    spreadsheet lines and documents it covers). Each covered document is published by it."""

    batch = models.ForeignKey(LegacyBatch, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审查时间"))
    opinion = models.TextField(_("保密审查意见"))
    lines = models.JSONField(_("审查范围（表格行号）"), default=list)

    class Meta:
        verbose_name = _("历史信息批量保密审查")
        verbose_name_plural = _("历史信息批量保密审查")
        ordering = ["batch", "reviewed_at"]

    def __str__(self) -> str:
        return f"{self.batch} {self.reviewed_at:%Y-%m-%d}"

    @property
    def scope_text(self) -> str:
        from gongkai.disclosure.importing import lines_text

        return lines_text(self.lines)


class LegacyRow(models.Model):
    """A spreadsheet line of a batch: its document and the original 发布日期 kept until review."""

    batch = models.ForeignKey(LegacyBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("表格行号"))
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="legacy_row")
    published_at = models.DateTimeField(_("原发布日期"))
    review = models.ForeignKey(
        LegacyReview, null=True, blank=True, on_delete=models.PROTECT, related_name="rows"
    )

    class Meta:
        verbose_name = _("历史信息导入行")
        verbose_name_plural = _("历史信息导入行")
        ordering = ["batch", "line"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"
