"""The rules an application's content must meet (条例 Art. 29), field by field, with Chinese messages.

One function, `application_errors`, serves the public form, the API and the staff registration form
(through `forms.ApplicationForm`) and is checked again by the service, so no channel can skip it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gongkai.core.identifiers import is_valid_credit_code, is_valid_resident_id

FIELDS = (
    "applicant_type",
    "organisation_kind",
    "name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_reference",
    "provision_form",
    "delivery_method",
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
POSTCODE = re.compile(r"^\d{6}$")
DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000

ID_TYPES_OF = {
    "natural_person": ("resident_id", "passport", "other"),
    "organisation": ("credit_code", "other"),
}


# Fields whose full-width forms mean the same (１２３ = 123, ＡＢ = AB): NFKC before any check and before
# the applicant key, so repeat and fee counting cannot be escaped by typing full-width digits.
NFKC_FIELDS = ("id_number", "phone", "postcode", "email")
# Line breaks allowed in the long texts; every other control character is refused.
MULTILINE_FIELDS = ("description", "address")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def hidden_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds a control character (Cc: NUL, \x0b …), a format character (Cf: zero-width
    space/joiners, BOM, the bidi embeddings/overrides/isolates U+202A–202E and U+2066–2069), or a
    surrogate/private/unassigned code point: none belongs in an application and some break the letter."""
    for char in text:
        if multiline and char in "\n\r\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return True
    return False


def normalise(data: Mapping[str, object]) -> dict[str, str]:
    """Every field as stripped text (a lone surrogate is kept as U+FFFD, then refused); identity numbers,
    phones, postcodes and e-mail addresses NFKC-normalised (full-width digits and letters become ASCII);
    identity numbers in upper case without spaces."""
    clean = {
        name: str(data.get(name) or "").encode("utf-8", "replace").decode("utf-8").strip() for name in FIELDS
    }
    for name in NFKC_FIELDS:
        clean[name] = nfkc(clean[name]).strip()
    clean["id_number"] = re.sub(r"\s+", "", clean["id_number"]).upper()
    clean["phone"] = re.sub(r"[\s（）()]", "", clean["phone"]).replace("—", "-")
    clean["email"] = clean["email"].lower()
    if clean["applicant_type"] == "natural_person":
        clean["organisation_kind"] = ""
    return clean


def application_errors(data: Mapping[str, str]) -> dict[str, str]:
    """{field: message} for every field that breaks a rule (empty when the application is acceptable).
    `data` must be normalised (`normalise`)."""
    from gongkai.applications.models import (
        ApplicantType,
        DeliveryMethod,
        IdType,
        OrganisationKind,
        ProvisionForm,
    )

    errors: dict[str, str] = {}
    hidden = {
        name: _("含有不可见的控制字符、零宽字符或文字方向控制符，请删除后重新填写。")
        for name in FIELDS
        if hidden_characters(data.get(name, ""), multiline=name in MULTILINE_FIELDS)
    }
    applicant_type = data.get("applicant_type", "")
    if applicant_type not in ApplicantType.values:
        errors["applicant_type"] = _("请选择申请人类型：自然人，或法人或其他组织。")
    if (
        applicant_type == ApplicantType.ORGANISATION
        and data.get("organisation_kind") not in OrganisationKind.values
    ):
        errors["organisation_kind"] = _(
            "请选择组织类型：商业企业、科研机构、社会公益组织、法律服务机构或其他。"
        )

    name = data.get("name", "")
    if not name:
        errors["name"] = _("请填写申请人姓名或名称。")
    elif len(name) > 100:
        errors["name"] = _("姓名或名称不能超过100个字。")
    elif not has_letter(name):
        errors["name"] = _("姓名或名称不能只由数字或符号组成，请填写申请人的姓名或名称。")

    id_type = data.get("id_type", "")
    id_number = data.get("id_number", "")
    if id_type not in IdType.values:
        errors["id_type"] = _("请选择身份证明的证件类型。")
    elif applicant_type in ID_TYPES_OF and id_type not in ID_TYPES_OF[applicant_type]:
        errors["id_type"] = (
            _("自然人请选择居民身份证、护照或其他身份证明。")
            if applicant_type == ApplicantType.NATURAL_PERSON
            else _("法人或其他组织请选择统一社会信用代码或其他身份证明。")
        )
    if not id_number:
        errors["id_number"] = _("请填写证件号码。")
    elif len(id_number) > 50:
        errors["id_number"] = _("证件号码不能超过50个字符。")
    elif id_type == IdType.RESIDENT_ID and not is_valid_resident_id(id_number):
        errors["id_number"] = _("居民身份证号码无效：应为18位，出生日期和最后一位校验码须正确。")
    elif id_type == IdType.CREDIT_CODE and not is_valid_credit_code(id_number):
        errors["id_number"] = _("统一社会信用代码无效：应为18位，且校验码须符合GB 32100-2015。")
    elif id_type == IdType.PASSPORT and not PASSPORT.match(id_number):
        errors["id_number"] = _("护照号码应为5至20位字母或数字。")

    if applicant_type == ApplicantType.ORGANISATION and not data.get("contact_person"):
        errors["contact_person"] = _("法人或其他组织请填写联系人姓名。")
    elif len(data.get("contact_person", "")) > 50:
        errors["contact_person"] = _("联系人姓名不能超过50个字。")
    elif data.get("contact_person") and not has_letter(data["contact_person"]):
        errors["contact_person"] = _("联系人姓名不能只由数字或符号组成。")

    phone = data.get("phone", "")
    if not phone:
        errors["phone"] = _("请填写联系电话。")
    elif not (MOBILE.match(phone) or LANDLINE.match(phone)):
        errors["phone"] = _("联系电话应为11位手机号码，或带区号的固定电话（如0999-12345678）。")

    email = data.get("email", "")
    wants_email = (
        data.get("delivery_method") == DeliveryMethod.EMAIL
        or data.get("provision_form") == ProvisionForm.EMAIL
    )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("电子邮箱格式不正确。")
    elif wants_email:
        errors["email"] = _("选择以电子邮件提供或获取信息时，须填写电子邮箱。")

    address = data.get("address", "")
    if data.get("delivery_method") == DeliveryMethod.POST and not address:
        errors["address"] = _("选择邮寄获取时，须填写通讯地址。")
    elif len(address) > 200:
        errors["address"] = _("通讯地址不能超过200个字。")
    postcode = data.get("postcode", "")
    if postcode and not POSTCODE.match(postcode):
        errors["postcode"] = _("邮政编码应为6位数字。")

    description = data.get("description", "")
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = _("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）。")
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _("所需信息的描述不能超过2000个字。")
    if len(data.get("document_reference", "")) > 100:
        errors["document_reference"] = _("文号不能超过100个字。")

    if data.get("provision_form") not in ProvisionForm.values:
        errors["provision_form"] = _("请选择信息的提供形式。")
    if data.get("delivery_method") not in DeliveryMethod.values:
        errors["delivery_method"] = _("请选择获取信息的方式。")
    return {**errors, **hidden}  # a hidden character is the field's first problem


def has_letter(text: str) -> bool:
    """A name has at least one letter (汉字 or Latin …): "13800138000" or "123" is not a name."""
    return any(unicodedata.category(char).startswith("L") for char in text)


def applicant_key(id_type: str, id_number: str) -> str:
    """The same applicant across applications (fees per applicant per month; repeated applications)."""
    number = re.sub(r"\s+", "", nfkc(id_number)).upper()
    return f"{id_type}:{number}"[:80]
