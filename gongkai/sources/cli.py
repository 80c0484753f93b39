"""`gongkai hj212 decode|encode|serve|simulate` (issue 16 CLI contract).

decode [FILE]: packets one per line (stdin by default; a trailing CR is ignored, blank lines are
skipped) → one JSON object per line: ``ok``, ``error`` (Chinese reason or null), ``qn st cn pw mn
flag pnum pno`` (strings or null), ``cp`` (CP fields other than pollutant items), ``values`` (by the
code as sent, each an object of its fields without the code prefix) and ``normalized_codes`` (old →
2017 code where the packet used HJ/T 212-2005 codes). Exit 0 if every packet decoded, 1 otherwise.

encode: builds one packet from options, or (``--json FILE``) one packet per JSON object per line in
the decode format; prints packets one per line (CRLF on the wire is left out unless ``--crlf``)."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime

import click

from gongkai.sources.hj212 import codec

FIELDS = ("qn", "st", "cn", "pw", "mn", "flag", "pnum", "pno")


@click.group()
def hj212() -> None:
    """HJ 212-2017 污染物在线监控数据传输：解码、编码、接收服务和设备模拟器。"""


def decode_line(line: bytes) -> dict:
    try:
        packet = codec.decode(line)
    except codec.Hj212Error as error:
        return {
            "ok": False,
            "error": error.message,
            **dict.fromkeys(FIELDS),
            "cp": None,
            "values": None,
            "normalized_codes": None,
        }
    return {"ok": True, "error": None, **packet.as_json()}


@hj212.command("decode")
@click.argument("source", type=click.File("rb"), default="-")
def decode_command(source) -> None:
    """逐行解码报文（默认读标准输入），每行输出一个JSON对象；全部解码成功时退出码为0。"""
    all_ok = True
    out = sys.stdout
    for line in source:
        line = line.rstrip(b"\n").rstrip(b"\r")
        if not line.strip():
            continue
        result = decode_line(line)
        all_ok &= result["ok"]
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    sys.exit(0 if all_ok else 1)


def _packet_from_json(obj: dict) -> codec.Packet:
    if not isinstance(obj, dict):
        raise codec.Hj212Error("format", "应为JSON对象")
    for name in ("st", "cn", "pw", "mn"):
        if not isinstance(obj.get(name), str):
            raise codec.Hj212Error("missing_field", name.upper() if name != "flag" else "Flag")
    cp = obj.get("cp") or {}
    values = obj.get("values") or {}
    if (
        not isinstance(cp, dict)
        or not isinstance(values, dict)
        or not all(isinstance(v, dict) for v in values.values())
    ):
        raise codec.Hj212Error("cp", "cp和values应为对象")
    return codec.Packet(
        **{
            name: (None if obj.get(name) is None else str(obj[name]))
            for name in FIELDS
            if name not in ("st", "cn", "pw", "mn")
        },
        st=obj["st"],
        cn=obj["cn"],
        pw=obj["pw"],
        mn=obj["mn"],
        cp={str(k): str(v) for k, v in cp.items()},
        values={str(code): {str(k): str(v) for k, v in fields.items()} for code, fields in values.items()},
    )


def now_qn() -> str:
    moment = datetime.now()
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"


@hj212.command("encode")
@click.option(
    "--json", "json_source", type=click.File("rb"), help="逐行读取decode格式的JSON对象（- 为标准输入）"
)
@click.option("--qn", help="请求编码；auto 表示当前时间")
@click.option("--st", default="32", show_default=True, help="系统编码")
@click.option("--cn", default="2011", show_default=True, help="命令编码")
@click.option("--pw", default="123456", show_default=True, help="访问密码")
@click.option("--mn", help="设备唯一标识")
@click.option(
    "--flag", default="4", show_default=True, help="拆分包及应答标志；none 表示不带Flag（HJ/T 212-2005）"
)
@click.option("--pnum", help="总包数")
@click.option("--pno", help="包号")
@click.option(
    "--cp", "cp_text", default="", help="CP内容，例如 DataTime=20240101120000;w01018-Rtd=25.1,w01018-Flag=N"
)
@click.option("--crlf", is_flag=True, help="每个报文以回车换行结束（线路格式）")
def encode_command(json_source, qn, st, cn, pw, mn, flag, pnum, pno, cp_text, crlf) -> None:
    """按选项或JSON生成带长度和CRC的报文。"""
    end = "\r\n" if crlf else "\n"
    if json_source is not None:
        failed = False
        for number, line in enumerate(json_source, start=1):
            if not line.strip():
                continue
            try:
                packet = _packet_from_json(json.loads(line))
                sys.stdout.write(codec.encode(packet).decode("utf-8").rstrip("\r\n") + end)
            except (ValueError, codec.Hj212Error) as error:
                failed = True
                message = error.message if isinstance(error, codec.Hj212Error) else "不是有效的JSON"
                click.echo(f"第{number}行：{message}", err=True)
        sys.exit(1 if failed else 0)
    if not mn:
        click.echo("缺少 --mn（设备唯一标识）。", err=True)
        sys.exit(2)
    try:
        cp, values = codec.parse_cp(cp_text)
        packet = codec.Packet(
            qn=now_qn() if qn == "auto" else qn,
            st=st,
            cn=cn,
            pw=pw,
            mn=mn,
            flag=None if flag == "none" else flag,
            pnum=pnum,
            pno=pno,
            cp=cp,
            values=values,
        )
        sys.stdout.write(codec.encode(packet).decode("utf-8").rstrip("\r\n") + end)
    except codec.Hj212Error as error:
        click.echo(f"无法生成报文：{error.message}", err=True)
        sys.exit(2)


@hj212.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="监听地址")  # noqa: S104
@click.option("--port", default=9212, show_default=True, type=int, help="监听端口")
@click.option("--sqlite", "sqlite_path", help="独立运行：写入此SQLite文件，而不是平台数据库")
@click.option(
    "--devices", type=click.File("r", encoding="utf-8"), help="独立运行时的设备清单CSV（mn,password）"
)
@click.option("--allow-unknown", is_flag=True, help="接收未登记MN的数据（默认拒收）")
@click.option("--idle-timeout", default=300.0, show_default=True, type=float, help="空闲连接超时（秒）")
@click.option("--max-connections", default=10_000, show_default=True, type=int, help="每个进程的最大连接数")
@click.option("--metrics-port", type=int, help="Prometheus 指标端口（HTTP）；多进程时第 i 个进程用该端口 + i")
@click.option(
    "--metrics-file", help="定期写入 Prometheus 指标文本的文件；多进程时每个进程一个文件（加 -wi 后缀）"
)
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="接收进程数：同一端口（SO_REUSEPORT）上的多个进程，各自连接数据库",
)
def serve_command(
    host,
    port,
    sqlite_path,
    devices,
    allow_unknown,
    idle_timeout,
    max_connections,
    metrics_port,
    metrics_file,
    processes,
):
    """运行HJ 212数据接收服务（asyncio TCP）：数据入库后才发送数据应答（9014）。"""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    passwords = None
    if sqlite_path:
        from gongkai.sources.hj212.sqlite_sink import SQLiteSink

        SQLiteSink(sqlite_path).close()  # the schema, once, before any worker opens the file
        if devices is not None:
            import csv

            passwords = {row["mn"]: row["password"] for row in csv.DictReader(devices)}
    else:
        from gongkai.cli import ensure_migrated, setup_django

        setup_django()
        ensure_migrated()
        if not metrics_file:  # the console's metrics page reads the receivers' files
            import socket

            from gongkai.sources.online_views import metrics_dir

            metrics_file = str(metrics_dir(create=True) / f"{socket.gethostname()}-{port}.prom")
        from django.db import connections

        connections.close_all()  # no database connection may cross the fork into the workers

    def worker(index: int | None, sock=None, bound: int = port) -> int:
        """One receiver: its own sink (database connection), directory, metrics and event loop."""
        from gongkai.sources.hj212.server import (
            OpenDirectory,
            Receiver,
            ReceiverConfig,
            StaticDirectory,
            run_receiver,
        )

        config = ReceiverConfig(
            host=host,
            port=bound,
            idle_timeout=idle_timeout,
            max_connections=max_connections,
            reuse_port=index is not None,
        )
        refresh = None
        if sqlite_path:
            from gongkai.sources.hj212.sqlite_sink import SQLiteSink

            sink = SQLiteSink(sqlite_path)
            if passwords is not None:
                directory = StaticDirectory(passwords, allow_unknown=allow_unknown)
            else:
                directory = OpenDirectory()
        else:
            from gongkai.sources.devices import DeviceDirectory
            from gongkai.sources.sink import DjangoSink

            sink = DjangoSink()
            directory = DeviceDirectory(allow_unknown=allow_unknown)
            directory.reload()
            refresh = directory.reload
        own_metrics_port, own_metrics_file = metrics_port, metrics_file
        if index is not None:  # metrics per process
            if metrics_port is not None:
                own_metrics_port = metrics_port + index
            if metrics_file:
                stem, dot, suffix = metrics_file.rpartition(".")
                own_metrics_file = f"{stem}-w{index}.{suffix}" if dot else f"{metrics_file}-w{index}"
        receiver = Receiver(sink, directory=directory, config=config)

        async def main() -> None:
            import signal

            stop = asyncio.Event()
            for number in (signal.SIGINT, signal.SIGTERM):
                asyncio.get_running_loop().add_signal_handler(number, stop.set)
            if refresh is not None:

                async def reload_devices() -> None:
                    loop = asyncio.get_running_loop()
                    while True:
                        await asyncio.sleep(30)
                        await loop.run_in_executor(None, refresh)

                asyncio.get_running_loop().create_task(reload_devices())
            task = asyncio.create_task(
                run_receiver(
                    receiver,
                    metrics_port=own_metrics_port,
                    metrics_file=own_metrics_file,
                    stop=stop,
                    sock=sock,
                )
            )
            while receiver._server is None and not task.done():
                await asyncio.sleep(0.01)
            if not task.done() and index is None:
                click.echo(f"HJ 212 接收服务已启动：{host}:{receiver.config.port}", err=True)
            await task

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass
        finally:
            sink.close()
        return 0

    if processes == 1:
        worker(None)
        return
    from gongkai.sources.hj212.processes import supervise

    def ready(bound: int) -> None:
        click.echo(f"HJ 212 接收服务已启动：{host}:{bound}（{processes} 个进程）", err=True)

    sys.exit(supervise(processes, worker, host=host, port=port, on_ready=ready))


@hj212.command("simulate")
@click.option("--devices", "count", default=10, show_default=True, type=int, help="模拟设备数")
@click.option("--rate", default=1.0, show_default=True, type=float, help="每台设备每秒发送的报文数")
@click.option("--host", default="127.0.0.1", show_default=True, help="接收服务地址")
@click.option("--port", default=9212, show_default=True, type=int, help="接收服务端口")
@click.option("--duration", default=10.0, show_default=True, type=float, help="运行秒数（0 表示一直运行）")
@click.option("--corrupt", default=0.0, show_default=True, type=float, help="损坏报文的比例（0–1）")
@click.option("--mn-prefix", default="SIM", show_default=True, help="设备MN前缀")
@click.option("--password", default="123456", show_default=True, help="访问密码")
@click.option("--seed", default=1, show_default=True, type=int, help="随机种子")
def simulate_command(count, rate, host, port, duration, corrupt, mn_prefix, password, seed) -> None:
    """模拟多台现场机向接收服务发送实时、分钟、小时和日数据，统计收到的应答。"""
    from gongkai.sources.hj212.simulate import Fleet

    fleet = Fleet(count=count, rate=rate, corrupt=corrupt, mn_prefix=mn_prefix, password=password, seed=seed)
    try:
        stats = asyncio.run(fleet.run(host, port, duration=duration or None))
    except KeyboardInterrupt:
        stats = fleet.stats
    click.echo(json.dumps(stats.as_dict(), ensure_ascii=False))
