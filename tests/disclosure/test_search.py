"""Chinese full-text search over titles, bodies and attachment text: two-character words such as
环评 and 排污 are found wherever they stand, results are highlighted, filters and both orders work,
and only public text of published documents can be found. Runs on whichever database the suite
uses (SQLite FTS5 or PostgreSQL tsvector)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.disclosure import services
from gongkai.disclosure.models import DocType, Validity
from gongkai.disclosure.search import segment
from gongkai.disclosure.search import service as search
from gongkai.disclosure.search.backends import DATE, PostgresBackend, SqliteBackend, get_backend

from .conftest import MOBILE, docx_bytes

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def found(query: str, **filters) -> list[str]:
    documents, _terms = search.search(query, filters=filters)
    return [document.title for document in documents]


@pytest.fixture
def corpus(make_draft, publish, editor, catalogue):
    in_title = publish(
        make_draft(title="关于加强建设项目环评审批管理的通知", body="<p>各区县分局：请认真执行。</p>"),
        when=at(date(2026, 3, 2)),
    )
    in_body = publish(
        make_draft(
            title="关于开展重点行业专项检查的通知",
            body="<p>对化工企业的排污许可执行情况和环评批复落实情况开展检查。</p>",
            catalogue_item=catalogue["05.01.01"],
            issuing_organ="示例市生态环境局执法支队",
        ),
        when=at(date(2026, 5, 6)),
    )
    with_file = make_draft(title="2026年第一季度监督性监测结果", body="<p>详见附件。</p>")
    services.add_attachment(
        actor=editor,
        document=with_file,
        name="监测结果.docx",
        data=docx_bytes("重点排污单位监督性监测结果一览"),
    )
    in_file = publish(with_file, when=at(date(2026, 4, 8)))
    make_draft(title="尚未发布的排污许可草稿", body="<p>环评 排污</p>")
    return {"title": in_title, "body": in_body, "file": in_file}


def test_the_backend_follows_the_database_vendor():
    backend = get_backend()
    expected = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}[connection.vendor]
    assert isinstance(backend, expected)


def test_two_character_words_are_found_in_title_body_and_attachment_text(corpus):
    assert found("环评") == ["关于加强建设项目环评审批管理的通知", "关于开展重点行业专项检查的通知"]
    assert set(found("排污")) == {"关于开展重点行业专项检查的通知", "2026年第一季度监督性监测结果"}
    assert found("监督性 一览") == ["2026年第一季度监督性监测结果"]  # only in the attachment


def test_every_word_of_the_query_must_occur(corpus):
    assert found("排污 化工") == ["关于开展重点行业专项检查的通知"]
    assert found("环评 季度") == []


def test_drafts_cannot_be_found(corpus):
    assert "尚未发布的排污许可草稿" not in found("排污 许可")
    assert found("尚未发布") == []


def test_a_redacted_value_cannot_be_found(make_draft, editor, publish):
    document = make_draft(title="监测通报", body="<p>详见附件。</p>")
    services.add_attachment(
        actor=editor, document=document, name="名单.docx", data=docx_bytes(f"排污单位联系人手机{MOBILE}")
    )
    publish(document)
    assert found("排污") == ["监测通报"]
    assert found(MOBILE) == []  # redacted in the public copy of the attachment, which alone is indexed


def test_a_withdrawn_document_leaves_the_index(corpus, leader):
    services.withdraw_document(actor=leader, document=corpus["title"], reason="内容需要更新")
    assert found("环评") == ["关于开展重点行业专项检查的通知"]


def test_relevance_puts_title_matches_first_and_date_order_is_newest_first(corpus):
    documents, _terms = search.search("环评")
    assert documents[0].title == "关于加强建设项目环评审批管理的通知"  # title match, older
    by_date, _terms = search.search("环评", order=DATE)
    assert [d.title for d in by_date] == [
        "关于开展重点行业专项检查的通知",
        "关于加强建设项目环评审批管理的通知",
    ]
    scores = [d.search_score for d in documents]
    assert scores == sorted(scores, reverse=True)


def test_filters_narrow_search_results(corpus, catalogue):
    assert found("环评", organ="示例市生态环境局执法支队") == ["关于开展重点行业专项检查的通知"]
    assert found("环评", item=catalogue["03"]) == ["关于加强建设项目环评审批管理的通知"]
    assert found("排污", year=2025) == []


def test_results_are_highlighted(corpus):
    documents, terms = search.search("排污 许可")
    results = search.highlighted(documents, terms)
    body_hit = next(r for r in results if r.document == corpus["body"])
    assert "<mark>排污</mark><mark>许可</mark>" in body_hit.snippet
    documents, terms = search.search("一览")
    (file_hit,) = search.highlighted(documents, terms)
    assert file_hit.document == corpus["file"] and "<mark>一览</mark>" in file_hit.snippet


def test_highlighting_escapes_html():
    assert segment.highlight("<b>环评</b>", ["环评"]) == "&lt;b&gt;<mark>环评</mark>&lt;/b&gt;"
    assert segment.snippet("甲" * 300 + "环评" + "乙" * 300, ["环评"], width=40).count("<mark>") == 1


def test_queries_are_segmented_into_words():
    assert segment.query_terms("建设项目环评的审批") == ["建设项目", "环评", "审批"]
    assert segment.query_terms("PM2.5 排污") == ["pm2", "5", "排污"]
    assert segment.query_terms("的") == ["的"]
    assert segment.query_terms("  ") == []


def test_a_query_of_only_punctuation_finds_nothing(corpus):
    assert found("，。！") == []


def test_a_revision_is_reindexed(corpus, editor, publish):
    draft = services.start_revision(actor=editor, document=corpus["title"], reason="补充大气内容")
    services.update_document(actor=editor, document=draft, body="<p>补充大气污染防治要求。</p>")
    publish(draft)
    assert found("大气") == ["关于加强建设项目环评审批管理的通知"]
    assert found("认真执行") == []


def test_the_index_can_be_rebuilt(corpus):
    assert search.rebuild() == 3
    assert set(found("排污")) == {"关于开展重点行业专项检查的通知", "2026年第一季度监督性监测结果"}


def test_normative_filter_on_validity(make_draft, publish):
    publish(make_draft(title="环评规定（有效）", doc_type=DocType.NORMATIVE, validity=Validity.VALID))
    publish(
        make_draft(
            title="环评规定（废止）",
            doc_type=DocType.NORMATIVE,
            validity=Validity.REPEALED,
            ceased_on=date(2026, 10, 1),
        )
    )
    assert found("环评 规定", validity=Validity.REPEALED) == ["环评规定（废止）"]


def test_counting_stops_at_the_cap_and_says_so(corpus, monkeypatch):
    from gongkai.disclosure.search import backends
    from gongkai.disclosure.search import service as search_service

    monkeypatch.setattr(backends, "MAX_COUNT", 1)
    monkeypatch.setattr(search_service, "MAX_COUNT", 1)
    documents, _terms = search.search("排污")
    assert documents.count() == 1 and documents.capped
    narrow, _terms = search.search("一览")
    assert narrow.count() == 1 and not narrow.capped


def test_relevance_ranks_a_window_of_the_newest_matches_then_lists_older_ones(corpus, monkeypatch):
    from gongkai.disclosure.search import backends

    monkeypatch.setattr(backends, "RELEVANCE_WINDOW", 1)
    documents, _terms = search.search("环评")
    # The newest match alone is ranked; the older title match follows by date.
    assert [d.title for d in documents] == [
        "关于开展重点行业专项检查的通知",
        "关于加强建设项目环评审批管理的通知",
    ]


def test_postgres_finds_the_newest_matches_of_a_common_word_inside_key_ranges(monkeypatch, make_draft):
    """A word in most documents: its newest matches come from a key range of the newest entries
    (applied inside the GIN index), widened until it holds enough; a word only in old documents
    falls through to the statement over everything. Same results either way."""
    if connection.vendor != "postgresql":
        pytest.skip("the key-range search is PostgreSQL's")
    from gongkai.disclosure.models import Document
    from gongkai.disclosure.search import backends
    from gongkai.disclosure.search.backends import IndexRow, Query

    template = make_draft()
    copies = []
    for n in range(400):
        template.pk, template.index_number = None, f"T-{n:03d}"
        copies.append(
            Document(**{f.attname: getattr(template, f.attname) for f in Document._meta.concrete_fields})
        )
    ids = [document.pk for document in Document.objects.bulk_create(copies)]
    backend = PostgresBackend()
    backend.write(
        IndexRow(
            document_id=ids[n], key=1_000 + n, title_words=["标题"], body_words=["常见"] + ["稀少"] * (n < 30)
        )
        for n in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE disclosure_searchentry")
    monkeypatch.setattr(backends, "MAX_COUNT", 50)  # the common word's count is capped
    statements = []
    run = backend._rows
    monkeypatch.setattr(backend, "_rows", lambda sql, params: statements.append(sql) or run(sql, params))

    common = Query(terms=("常见",))
    assert [pk for pk, _score in backend.newest(common, 0, 20)] == ids[::-1][:20]
    assert [pk for pk, _score in backend.newest(common, 20, 20)] == ids[::-1][20:40]
    assert any("key >=" in sql for sql in statements)
    statements.clear()
    rare = Query(terms=("稀少",))
    assert [pk for pk, _score in backend.newest(rare, 0, 5)] == ids[29::-1][:5]
    assert "key >=" not in statements[-1]  # the ranges held none: looked everywhere
    ranked = backend.ranked(common, 0, 3)
    assert len(ranked) == 3 and all(score > 0 for _pk, score in ranked)


@pytest.mark.django_db
def test_an_exact_index_number_or_document_number_opens_its_document(client, make_draft, publish):
    document = publish(
        make_draft(title="关于某项目环评文件的批复", document_number="示环审〔2026〕35号"),
        when=at(date(2026, 3, 2)),
    )
    response = client.get("/zdgk/search/", {"q": document.index_number})
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    for typed in ("示环审〔2026〕35号", "示环审[2026]35号", " 示环审（2026）35号 ", "示环审 [2026] 35号"):
        response = client.get("/zdgk/search/", {"q": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == document.get_absolute_url()
    assert client.get("/zdgk/search/", {"q": "示环审〔2026〕36号"}).status_code == 200  # no such number


@pytest.mark.django_db
def test_a_draft_is_never_found_by_its_number(client, make_draft):
    make_draft(title="草稿", document_number="示环审〔2026〕99号")
    response = client.get("/zdgk/search/", {"q": "示环审〔2026〕99号"})
    assert response.status_code == 200
    assert "草稿" not in response.content.decode()


@pytest.mark.django_db
def test_a_query_naming_a_section_offers_that_section_first(client):
    page = client.get("/zdgk/search/", {"q": "空气质量"}).content.decode()
    assert "相关栏目" in page and 'href="/air/' in page
    page = client.get("/zdgk/search/", {"q": "怎么申请公开"}).content.decode()
    assert "相关栏目" in page
    assert "相关栏目" not in client.get("/zdgk/search/", {"q": "排放标准"}).content.decode()


def test_reference_normalisation():
    from gongkai.disclosure.queries import normalise_reference

    assert normalise_reference(" 示环发［2026］8 号") == "示环发〔2026〕8号"
    assert normalise_reference("示环发【2026】8号") == "示环发〔2026〕8号"


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "url"), [("水质", "/water/"), ("重点排污单位名录", "/sources/")])
def test_water_and_pollution_source_queries_offer_their_sections(client, query, url):
    page = client.get("/zdgk/search/", {"q": query}).content.decode()
    assert "相关栏目" in page and f'href="{url}' in page
