"""The narrative sections of a year's report, drafted from the facts the apps contributed
(`core.yearly.Fact`): staff then edit them before publishing.

Pure: no Django. Section 一 follows the format's note (国办公开办函〔2021〕30号: 主动公开、依申请公开、
政府信息管理、政府信息公开平台建设、监督保障), one numbered paragraph per topic; sections 二 to 四 carry
the facts given for them above their tables; 五 and 六 list theirs. Anything the records cannot say is
left as a marked gap (`GAP_MARK`), which `gaps` finds and which blocks publishing until filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

SECTION_KEYS = ("一", "二", "三", "四", "五", "六")
TOPICS_OF_ONE = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
NUMBERS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）")
GAP_MARK = "【请补充"
TOPIC_ALIASES = {"平台建设": "政府信息公开平台建设"}


class FactLike(Protocol):
    section: str
    topic: str
    text: str


def _gap(what: str) -> str:
    return f"{GAP_MARK}：{what}】"


def draft(
    *, year: int, organisation: str, facts: Iterable[FactLike], missing: Iterable[str] = ()
) -> dict[str, str]:
    """{section key: text}; paragraphs separated by newlines."""
    by_section: dict[str, dict[str, list[str]]] = {key: {} for key in SECTION_KEYS}
    for fact in facts:
        topic = TOPIC_ALIASES.get(fact.topic, fact.topic)
        by_section[fact.section].setdefault(topic, []).append(fact.text)
    sections: dict[str, str] = {}
    one = [
        f"{year}年，{organisation}深入贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        f"现将本年度政府信息公开工作情况报告如下。"
    ]
    topics = list(TOPICS_OF_ONE) + [t for t in by_section["一"] if t not in TOPICS_OF_ONE]
    for number, topic in zip(NUMBERS, topics, strict=False):
        texts = by_section["一"].get(topic)
        body = "".join(texts) if texts else _gap(f"{topic}方面的工作情况")
        one.append(f"{number}{topic}。{body}")
    sections["一"] = "\n".join(one)
    for key in ("二", "三", "四"):
        sections[key] = "\n".join(text for texts in by_section[key].values() for text in texts)
    five = [text for texts in by_section["五"].values() for text in texts]
    sections["五"] = "\n".join(five) if five else _gap("本年度存在的主要问题及改进情况")
    six = [text for texts in by_section["六"].values() for text in texts]
    missing = list(missing)
    if missing:
        six.append(f"本报告中{'、'.join(missing)}无对应业务模块数据，按0填报。")
    sections["六"] = "\n".join(six) if six else "本年度无其他需要报告的事项。"
    return sections


def gaps(sections: Mapping[str, str]) -> list[str]:
    """The section keys whose text still holds a marked gap."""
    return [key for key in SECTION_KEYS if GAP_MARK in (sections.get(key) or "")]


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
