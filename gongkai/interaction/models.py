"""Models of 互动交流: messages and pollution reports (留言、举报), consultations (意见征集), press
conferences and interviews (新闻发布会、在线访谈), public-opinion items (舆情) and new-media
publications (政务新媒体). Personal data of writers is encrypted at rest (core.fields)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.fields import EncryptedTextField


def private_storage() -> FileSystemStorage:
    """Photos of reports may show people and homes: kept outside MEDIA_ROOT, served to staff only."""
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "interaction", base_url=None)


class Kind(models.TextChoices):
    DIRECTOR = "director", _("局长信箱")
    CONSULTATION = "consultation", _("咨询")
    COMPLAINT = "complaint", _("投诉建议")
    REPORT = "report", _("环境污染举报")


# The 3-month veto (国办秘函〔2019〕19号, 互动回应差) covers 政务咨询类 columns only; 网上信访 and 纪检举报
# columns are excepted, so a 举报 is not counted there (regulations.md §4.1).
VETO_KINDS = (Kind.DIRECTOR, Kind.CONSULTATION, Kind.COMPLAINT)

TRACKING_PREFIX = {Kind.DIRECTOR: "JZ", Kind.CONSULTATION: "ZX", Kind.COMPLAINT: "TS", Kind.REPORT: "JB"}


class PollutionKind(models.TextChoices):
    AIR = "air", _("大气污染")
    WATER = "water", _("水污染")
    NOISE = "noise", _("噪声污染")
    SOLID = "solid", _("固体废物")
    SOIL = "soil", _("土壤污染")
    RADIATION = "radiation", _("辐射")
    ODOUR = "odour", _("恶臭异味")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    PENDING = "pending", _("待审核")
    REJECTED = "rejected", _("不予受理")
    ACCEPTED = "accepted", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")


OPEN_STATUSES = (Status.PENDING, Status.ACCEPTED, Status.ASSIGNED)


class Rating(models.IntegerChoices):
    SATISFIED = 3, _("满意")
    FAIRLY = 2, _("基本满意")
    UNSATISFIED = 1, _("不满意")


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def public(self):
        """The public Q&A list: replied, the writer consented, staff approved the redacted copy."""
        return self.filter(status=Status.REPLIED, consent_publish=True, published_at__isnull=False)


class Message(models.Model):
    """One message or report. The writer's name, phone, e-mail and the place of a report are personal
    data: encrypted, never public; the public Q&A shows `public_*` copies that the privacy gate redacted."""

    number = models.CharField(_("登记号"), max_length=20, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    name = EncryptedTextField(_("姓名"), max_length=50)
    phone = EncryptedTextField(_("联系电话"), max_length=30)
    email = EncryptedTextField(_("电子邮箱"), max_length=254, blank=True)
    consent_publish = models.BooleanField(_("同意公开"), default=False)
    query_code_hash = models.CharField(max_length=200)
    submission_nonce = models.CharField(max_length=64, unique=True, null=True, blank=True)

    # 环境污染举报
    district = models.CharField(_("所在区县"), max_length=50, blank=True)
    location = EncryptedTextField(_("具体地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    occurred_at = models.DateTimeField(_("发现时间"), null=True, blank=True)
    pollution_kind = models.CharField(_("污染类型"), max_length=20, choices=PollutionKind.choices, blank=True)

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    received_on = models.DateField(_("收到日期"), db_index=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)

    # pre-moderation
    screen_hits = models.JSONField(_("敏感词"), default=list, blank=True)
    privacy_hits = models.PositiveIntegerField(_("个人信息命中数"), default=0)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reject_reason = models.CharField(_("不予受理原因"), max_length=200, blank=True)

    # routing
    department = models.CharField(_("承办处室"), max_length=100, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interaction_messages",
        verbose_name=_("承办人"),
    )
    assigned_at = models.DateTimeField(_("分办时间"), null=True, blank=True)

    # reply
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_workdays = models.PositiveIntegerField(_("答复用时（工作日）"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("到期提醒日期"), null=True, blank=True)
    overdue_alert_on = models.DateField(_("逾期告警日期"), null=True, blank=True)

    # public Q&A copy (personal data removed)
    public_title = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_body = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, db_index=True)

    # satisfaction
    rating = models.PositiveSmallIntegerField(_("满意度"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("moderate_message", _("审核留言")),
            ("assign_message", _("分办留言")),
            ("reply_message", _("答复留言")),
            ("oversee_message", _("查看留言督办情况")),
            ("transfer_message", _("移交举报线索")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("interaction:staff_message", args=[self.pk])

    @property
    def is_report(self) -> bool:
        return self.kind == Kind.REPORT


class Photo(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), storage=private_storage, upload_to="photos/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")
        default_permissions = ()

    def __str__(self) -> str:
        return self.original_name


class CaseLead(models.Model):
    """A 举报 handed to the enforcement officer as a case lead (案件线索). Recorded here; the
    enforcement app is not imported — the officer sees the lead on a to-do card and acknowledges it."""

    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="case_lead")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("执法人员")
    )
    note = models.CharField(_("移交说明"), max_length=500)
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transferred_at = models.DateTimeField(_("移交时间"))
    acknowledged_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("举报线索移交")
        verbose_name_plural = _("举报线索移交")
        default_permissions = ("view", "change")
        ordering = ["-transferred_at"]

    def __str__(self) -> str:
        return f"{self.message.number} → {self.officer}"


class SensitiveWord(models.Model):
    """The editable screen list (敏感词): a message containing an active word waits for a moderator's
    decision with the words named; it is never published automatically."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    category = models.CharField(_("类别"), max_length=50, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


# --- 意见征集 -----------------------------------------------------------------------------------


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("征集中")
        CLOSED = "closed", _("征集结束")
        FEEDBACK = "feedback", _("已公布采纳情况")

    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("起草说明"), blank=True)
    draft_text = models.TextField(_("征求意见稿"))
    department = models.CharField(_("起草处室"), max_length=100, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    feedback_summary = models.TextField(_("意见采纳情况说明"), blank=True)
    feedback_published_at = models.DateTimeField(_("采纳情况公布时间"), null=True, blank=True)
    feedback_reminder_on = models.DateField(_("采纳情况提醒日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-starts_on", "-id"]
        permissions = [("manage_consultation", _("管理意见征集"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation", args=[self.pk])


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Comment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    name = EncryptedTextField(_("姓名"), max_length=50, blank=True)
    contact = EncryptedTextField(_("联系方式"), max_length=100, blank=True)
    body = models.TextField(_("意见建议"))
    public_body = models.TextField(_("公开内容"), blank=True)
    state = models.CharField(_("审核状态"), max_length=10, choices=State.choices, default=State.PENDING)
    screen_hits = models.JSONField(_("敏感词"), default=list, blank=True)
    submission_nonce = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=12, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["submitted_at", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.pk}"


# --- 新闻发布会、在线访谈、舆情 --------------------------------------------------------------------


class OpinionLevel(models.TextChoices):
    GENERAL = "general", _("一般")
    SIGNIFICANT = "significant", _("较大")
    MAJOR = "major", _("重大")


class OpinionItem(models.Model):
    """A public-opinion item (舆情): when it was first seen, how it was assessed, how and when the bureau
    responded (time to respond against the configured target), and the published response."""

    topic = models.CharField(_("主题"), max_length=200)
    source = models.CharField(_("来源"), max_length=200)
    source_url = models.URLField(_("来源链接"), blank=True)
    level = models.CharField(
        _("级别"), max_length=12, choices=OpinionLevel.choices, default=OpinionLevel.GENERAL
    )
    first_seen_at = models.DateTimeField(_("首次发现时间"))
    assessment = models.TextField(_("研判意见"), blank=True)
    response = models.TextField(_("回应内容"), blank=True)
    responded_at = models.DateTimeField(_("回应时间"), null=True, blank=True)
    response_url = models.CharField(_("回应发布链接"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("舆情")
        verbose_name_plural = _("舆情")
        ordering = ["-first_seen_at", "-id"]
        permissions = [("manage_opinionitem", _("管理舆情"))]

    def __str__(self) -> str:
        return self.topic

    @property
    def hours_to_respond(self) -> float | None:
        if self.responded_at is None:
            return None
        return round((self.responded_at - self.first_seen_at).total_seconds() / 3600, 1)


class PressEvent(models.Model):
    class Format(models.TextChoices):
        PRESS = "press", _("新闻发布会")
        INTERVIEW = "interview", _("在线访谈")

    class State(models.TextChoices):
        PLANNED = "planned", _("计划")
        HELD = "held", _("已举行")

    format = models.CharField(_("形式"), max_length=10, choices=Format.choices, default=Format.PRESS)
    title = models.CharField(_("标题"), max_length=200)
    scheduled_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    speakers = models.TextField(_("发布人或嘉宾"), help_text=_("每行一位：姓名、职务。"))
    topics = models.TextField(_("主题"), help_text=_("每行一个。"))
    transcript = models.TextField(_("文字实录"), blank=True)
    materials = models.TextField(_("相关材料"), blank=True, help_text=_("每行一个链接或材料名称。"))
    video_url = models.URLField(_("视频链接"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    opinions = models.ManyToManyField(
        OpinionItem, blank=True, related_name="press_events", verbose_name=_("回应的舆情")
    )
    messages = models.ManyToManyField(
        Message, blank=True, related_name="press_events", verbose_name=_("回应的留言")
    )

    class Meta:
        verbose_name = _("新闻发布会和在线访谈")
        verbose_name_plural = _("新闻发布会和在线访谈")
        ordering = ["-scheduled_at", "-id"]
        permissions = [("manage_pressevent", _("管理新闻发布会和在线访谈"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:press_event", args=[self.pk])

    def speaker_lines(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def topic_lines(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


# --- 政务新媒体 ---------------------------------------------------------------------------------


class Publication(models.Model):
    """One thing the bureau publishes (a document, a press release, an air or water bulletin) and the
    new-media texts made from it: the WeChat article HTML and the Weibo text."""

    class Source(models.TextChoices):
        DOCUMENT = "document", _("政府信息公开文件")
        PRESS = "press", _("新闻稿")
        AIR = "air", _("空气质量公报")
        WATER = "water", _("水环境质量公报")
        OTHER = "other", _("其他")

    source = models.CharField(_("来源类型"), max_length=10, choices=Source.choices)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body_html = models.TextField(_("正文（HTML）"))
    link = models.CharField(_("原文链接"), max_length=300, blank=True)
    images = models.TextField(_("图片地址"), blank=True, help_text=_("每行一个图片地址。"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    wechat_html = models.TextField(_("微信公众号文章"), blank=True)
    weibo_text = models.TextField(_("微博文本"), blank=True)
    # "app.model:id" of the record announced through core.publishing (empty: made by hand)
    source_key = models.CharField(_("来源记录"), max_length=120, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: made from an announcement
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("新媒体发布")
        verbose_name_plural = _("新媒体发布")
        ordering = ["-created_at", "-id"]
        permissions = [("manage_publication", _("管理新媒体发布"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~models.Q(source_key=""),
                name="interaction_publication_one_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def image_lines(self) -> list[str]:
        return [line.strip() for line in self.images.splitlines() if line.strip()]


class Posting(models.Model):
    """One posting of a publication to a channel through a connector (console in the demo)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="postings")
    channel = models.CharField(_("渠道"), max_length=20)
    connector = models.CharField(_("连接器"), max_length=200)
    ok = models.BooleanField(_("成功"), default=False)
    external_id = models.CharField(_("平台编号"), max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("新媒体推送记录")
        verbose_name_plural = _("新媒体推送记录")
        ordering = ["-posted_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.publication_id} {self.channel}"


class DistrictMap(models.Model):
    """The district boundaries (GeoJSON, checked by `geo.parse`) the 举报 form's map and the staff map
    draw; uploaded by the administrator, the latest upload is the map. No outside tile service."""

    geojson = models.JSONField(_("区县边界"))
    districts = models.CharField(_("区县"), max_length=500)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区县地图")
        verbose_name_plural = _("区县地图")
        ordering = ["-uploaded_at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return self.districts

    @classmethod
    def current(cls):
        return cls.objects.first()
