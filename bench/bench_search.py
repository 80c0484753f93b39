"""Benchmark: Chinese full-text search of 主动公开 over 100,000 generated government documents.

Generates documents of realistic length (1,000–3,000 characters of sentences built from an
ecology-environment vocabulary, with a title, metadata and dates), inserts them in bulk, indexes
them through the application's own search backend (rjieba segmentation; SQLite FTS5 or PostgreSQL
tsvector + GIN), then times what the public search page does for a query — count the matches,
fetch the first page of 20 in relevance or date order, highlight titles and passages — over a
fixed set of queries (two-character words, phrases, common and rare terms, with and without
filters). Prints p50/p95/max latency overall and per query.

Run (SQLite, a fresh database in a temporary directory):
    .venv/bin/python bench/bench_search.py
Run (PostgreSQL; the database is created when missing):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench .venv/bin/python bench/bench_search.py
Options: --documents N (default 100000), --repeat R (timed runs per query, default 5), --keep (reuse a
database that already holds the generated documents: SQLite under --data-dir).
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# --- vocabulary -------------------------------------------------------------------------------
# Weighted like real bureau text: a few terms everywhere, many in some documents, some rare.
COMMON = ["生态环境", "环境保护", "污染防治", "监督管理", "环境质量", "企业", "建设项目", "排放"]
TOPICS = [
    "环评", "环境影响评价", "排污许可", "排污单位", "大气污染防治", "水污染防治", "土壤污染", "固体废物",
    "危险废物", "噪声", "辐射安全", "生态保护红线", "自然保护区", "饮用水水源地", "黑臭水体", "河长制",
    "碳排放", "温室气体", "挥发性有机物", "二氧化硫", "氮氧化物", "颗粒物", "PM2.5", "臭氧", "化学需氧量",
    "氨氮", "总磷", "重金属", "在线监测", "自行监测", "执法检查", "行政处罚", "限期整改", "按日连续处罚",
    "查封扣押", "环境信用评价", "突发环境事件", "应急预案", "环境风险", "清洁生产", "节能减排", "秸秆禁烧",
    "扬尘治理", "机动车尾气", "生活垃圾", "污水处理厂", "工业园区", "重点排污单位", "入河排污口",
    "地下水", "海洋生态", "生物多样性", "农村环境整治", "畜禽养殖污染", "医疗废物", "尾矿库", "油烟",
    "环境监测数据", "污染源普查", "排污权交易", "生态补偿", "环保督察", "信访投诉",
]  # fmt: skip
SENTENCE_WEIGHTS = (4, 1, 3, 4, 4, 4)  # kind 1 cites a law: about one sentence in twenty
POPULAR = random.Random(7).sample(TOPICS, len(TOPICS))  # popularity order, fixed
POPULARITY = [(rank + 1) ** -0.6 for rank in range(len(POPULAR))]  # Zipf-like
RARE = ["锰渣", "赤泥", "光化学烟雾", "持久性有机污染物", "放射源", "电磁辐射", "碳汇", "蓝藻水华"]
VERBS = [
    "加强",
    "落实",
    "推进",
    "开展",
    "规范",
    "完善",
    "建立健全",
    "严格",
    "督促",
    "组织",
    "依法做好",
    "深化",
]
NOUNS = [
    "工作",
    "管理",
    "制度",
    "监管",
    "整治",
    "专项行动",
    "审批",
    "检查",
    "考核",
    "信息公开",
    "排查",
    "治理",
]
ORGS = [
    "各区县生态环境分局",
    "局机关各处室",
    "各有关企业",
    "各乡镇人民政府",
    "各工业园区管委会",
    "市生态环境执法支队",
]
LAWS = [
    "中华人民共和国环境保护法", "中华人民共和国大气污染防治法", "中华人民共和国水污染防治法",
    "中华人民共和国环境影响评价法", "中华人民共和国固体废物污染环境防治法", "排污许可管理条例",
    "中华人民共和国政府信息公开条例", "中华人民共和国土壤污染防治法", "中华人民共和国噪声污染防治法",
]  # fmt: skip
TITLE_KINDS = ["的通知", "的通告", "的批复", "的公告", "的实施意见", "情况的通报", "工作方案"]
ORGANS = ["示例市生态环境局", "示例市生态环境局执法支队", "示例市生态环境局审批科", "示例市人民政府办公室"]

QUERIES = [
    ("环评", {}),
    ("排污", {}),
    ("排污许可", {}),
    ("大气污染防治", {}),
    ("危险废物 管理", {}),
    ("挥发性有机物", {}),
    ("行政处罚 检查", {}),
    ("饮用水水源地 保护", {}),
    ("黑臭水体 整治", {}),
    ("突发环境事件 应急预案", {}),
    ("臭氧", {}),
    ("碳排放", {}),
    ("重点排污单位 自行监测", {}),
    ("秸秆禁烧", {}),
    ("PM2.5", {}),
    ("赤泥", {}),
    ("光化学烟雾 监测", {}),
    ("环评", {"order": "date"}),
    ("排污许可", {"year": 2024}),
    ("生态环境", {"organ": "示例市生态环境局执法支队"}),
    ("环境保护", {}),
    ("建设项目 环评 审批", {"order": "date"}),
]


class Writer:
    """Sentences of one document: it dwells on a few topics (popular ones more often, Zipf-like),
    mentions others in passing and now and then a rare one."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.focus = rng.choices(POPULAR, weights=POPULARITY, k=rng.randint(2, 4))

    def topic(self) -> str:
        roll = self.rng.random()
        if roll < 0.7:
            return self.rng.choice(self.focus)
        if roll < 0.96:
            return self.rng.choice(COMMON)
        if roll < 0.998:
            return self.rng.choice(TOPICS)
        return self.rng.choice(RARE)

    def sentence(self) -> str:
        rng, topic = self.rng, self.topic
        verb, noun, other_noun = rng.choice(VERBS), rng.choice(NOUNS), rng.choice(NOUNS)
        kind = rng.choices(range(6), weights=SENTENCE_WEIGHTS)[0]
        if kind == 0:
            return f"{rng.choice(ORGS)}要{verb}{topic()}{noun}，{rng.choice(VERBS)}{topic()}{other_noun}。"
        if kind == 1:
            return f"根据《{rng.choice(LAWS)}》第{rng.randint(1, 120)}条规定，{topic()}应当{verb}{noun}。"
        if kind == 2:
            measure = rng.choice(["排放量", "浓度", "达标率", "数量"])
            change = f"{rng.choice(['下降', '上升'])}{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
            return f"{rng.randint(2016, 2026)}年，全市{topic()}{measure}同比{change}。"
        if kind == 3:
            return f"对{topic()}和{topic()}问题，{verb}{noun}，确保{topic()}{other_noun}取得实效。"
        if kind == 4:
            return f"{verb}{topic()}{noun}，建立{topic()}{other_noun}长效机制，切实改善{rng.choice(COMMON)}。"
        month = rng.randint(1, 12)
        return f"各单位要按照{topic()}{noun}的要求，于{month}月底前完成{topic()}{other_noun}并报送情况。"


def make_document(number: int) -> dict:
    rng = random.Random(number)
    writer = Writer(rng)
    length = rng.randint(1000, 3000)
    paragraphs, size = [], 0
    while size < length:
        paragraph = "".join(writer.sentence() for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph)
    # Documents are published over about ten years in the order they are created, as on a real site.
    formed = date(2016, 1, 1) + timedelta(days=max(0, number * 3900 // 100_000 + rng.randint(-3, 3)))
    title = f"关于{rng.choice(VERBS)}{writer.focus[0]}{rng.choice(NOUNS)}{rng.choice(TITLE_KINDS)}"
    return {
        "number": number,
        "title": title,
        "body": "".join(f"<p>{p}</p>" for p in paragraphs),
        "text": "\n".join(paragraphs),
        "formed": formed,
        "published": formed + timedelta(days=rng.randint(1, 30)),
        "organ": rng.choice(ORGANS),
    }


def segmented(number: int) -> tuple[int, dict, list[str], list[str]]:
    from gongkai.disclosure.search.segment import segment_for_index

    document = make_document(number)
    return number, document, segment_for_index(document["title"]), segment_for_index(document["text"])


CACHE_DIR = Path(tempfile.gettempdir()) / "gongkai-bench-cache"


def corpus(count: int, pool):
    """The generated, segmented documents: from the cache file when an earlier run (on either
    database) wrote one, else generated in `pool` and written to the cache as they go."""
    path = CACHE_DIR / f"corpus-{count}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            while True:
                try:
                    yield from pickle.load(handle)
                except EOFError:
                    return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    block = 2000
    with partial.open("wb") as handle:
        # Double-buffered: the workers compute the next block while this one is stored, so memory
        # stays bounded whatever the relative speeds.
        pending = pool.map_async(segmented, range(0, min(block, count)), chunksize=50)
        for start in range(0, count, block):
            chunk = pending.get()
            following = range(start + block, min(start + 2 * block, count))
            if following:
                pending = pool.map_async(segmented, following, chunksize=50)
            pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
            yield from chunk
    partial.rename(path)


# --- setup ------------------------------------------------------------------------------------


def configure(args) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-"))
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    elif url.startswith("postgres"):
        create_postgres_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def create_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(
        **server, password=config["PASSWORD"] or None, dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def populate(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.disclosure.models import CatalogueItem, Document, SearchEntry, Status
    from gongkai.disclosure.search.backends import IndexRow, get_backend
    from gongkai.disclosure.search.service import facet_tokens, sort_key
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    existing = Document.objects.filter(index_number__startswith="BENCH-").count()
    if existing == count and SearchEntry.objects.count() == count:
        print(f"reusing {count} documents already in the database")
        return
    started = time.perf_counter()
    # A bench database holds nothing else: raw deletes, without the ORM's cascade collection.
    for model in (SearchEntry, Document, CatalogueItem):
        queryset = model.objects.all()
        queryset._raw_delete(queryset.db)
    items = []
    for row in sorted(STANDARD_CATALOGUE, key=lambda r: r["code"]):
        parent = next((item for item in items if item.code == row["code"].rsplit(".", 1)[0]), None)
        items.append(CatalogueItem.objects.create(parent=parent if "." in row["code"] else None, **row))
    leaves = [item for item in items if not any(other.parent_id == item.pk for other in items)]
    backend = get_backend()
    batch = 2000
    tz = timezone.get_current_timezone()
    with Pool(processes=os.cpu_count() or 2) as pool:
        insert = RowInserter(Document)
        documents, rows = [], []
        now = timezone.now()
        for number, data, title_words, body_words in corpus(count, pool):
            documents.append(
                {
                    "id": number + 1,
                    "title": data["title"],
                    "index_number": f"BENCH-{number:06d}",
                    "catalogue_item": leaves[number % len(leaves)].pk,
                    "subject": "environment",
                    "doc_type": "other",
                    "issuing_organ": data["organ"],
                    "document_number": f"示环发〔{data['formed'].year}〕{number % 300 + 1}号",
                    "date_formed": data["formed"],
                    "published_at": datetime.combine(data["published"], datetime.min.time(), tz).replace(
                        hour=9
                    ),
                    "status": Status.PUBLISHED.value,
                    "department": "办公室",
                    "revision": 1,
                    "created_at": now,
                    "updated_at": now,
                    "body": data["body"],
                    "body_public": data["body"],
                    "body_text": data["text"],
                }
            )
            item = leaves[number % len(leaves)]
            published_at = documents[-1]["published_at"]
            facets = facet_tokens(
                item_code=item.code,
                subject="environment",
                doc_type="other",
                validity="",
                organ=data["organ"],
                published_at=published_at,
            )
            rows.append(
                IndexRow(number + 1, sort_key(published_at, number + 1), title_words, body_words, facets)
            )
            if len(documents) == batch or number == count - 1:
                with transaction.atomic():
                    insert(documents)
                    backend.write(rows)
                documents, rows = [], []
                if (number + 1) % 20000 == 0:
                    elapsed = time.perf_counter() - started
                    print(f"  {number + 1} documents inserted and indexed ({elapsed:.0f} s)")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO disclosure_search_fts(disclosure_search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            # What autovacuum does on a live site: statistics, and the visibility map that lets the
            # newest keys be read from the primary key's index alone.
            cursor.execute("VACUUM ANALYZE")
    print(f"generated, inserted and indexed {count} documents in {time.perf_counter() - started:.0f} s")


class RowInserter:
    """Plain INSERTs of many rows of a model, every concrete column given (its default unless set),
    without building model instances: the generated rows are trusted bench data."""

    def __init__(self, model):
        from django.db import connection

        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"

    def _value(self, field, row: dict):
        value = row.get(field.attname, row.get(field.name, field.get_default()))
        return field.get_db_prep_save(value, self.connection)

    def __call__(self, rows: list[dict]) -> None:
        values = [[self._value(field, row) for field in self.fields] for row in rows]
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


# --- timing -----------------------------------------------------------------------------------


def run_query(query: str, options: dict) -> int:
    """What the search page does: count, first page of 20, highlighted titles and passages."""
    from gongkai.disclosure.search import service as search

    options = dict(options)
    order = options.pop("order", "relevance")
    documents, terms = search.search(query, order=order, filters=options)
    total = documents.count()
    page = list(documents[:20])
    search.highlighted(page, terms)
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", default="", help="SQLite: keep the database here (reused with --keep)")
    args = parser.parse_args()
    vendor = configure(args)
    from django.db import connection

    print(f"database: {vendor} ({connection.settings_dict['NAME']})")
    populate(args.documents)
    for query, options in QUERIES:  # warm caches and the rjieba dictionary
        run_query(query, options)
    timings: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for _ in range(args.repeat):
        for query, options in QUERIES:
            label = query + (f" {options}" if options else "")
            started = time.perf_counter()
            totals[label] = run_query(query, options)
            timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
    every = [value for values in timings.values() for value in values]
    print(f"\n{'query':<44}{'matches':>9}{'p50 ms':>9}{'max ms':>9}")
    for label, values in timings.items():
        print(f"{label:<44}{totals[label]:>9}{statistics.median(values):>9.1f}{max(values):>9.1f}")
    print(
        f"\nsearch latency over {len(every)} runs of {len(QUERIES)} queries on {args.documents} documents "
        f"({vendor}): p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
        f"max {max(every):.1f} ms (goal: p95 ≤ 50 ms)"
    )


if __name__ == "__main__":
    main()
