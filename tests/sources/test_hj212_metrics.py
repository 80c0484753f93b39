"""Receiver metrics: the Prometheus text read back, packets per second, and the console page that
shows each receiver's file."""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse

from gongkai.sources.hj212.server import Metrics, parse_metrics


def test_prometheus_text_round_trip_and_rate():
    metrics = Metrics()
    metrics.connections_open = 3
    metrics.packets_by_cn.update({"2011": 10, "2061": 2})
    metrics.rejects_by_reason.update({"crc": 4})
    metrics._sampled = (time.monotonic() - 2.0, 0)
    assert 7.0 < metrics.sample() <= 8.0  # 16 packets in ~2 s
    parsed = parse_metrics(metrics.render())
    assert parsed["hj212_connections_open"] == 3
    assert parsed["hj212_packets_total"] == {"2011": 10, "2061": 2}
    assert parsed["hj212_rejects_total"] == {"crc": 4}
    assert parsed["hj212_packets_per_second"] > 7


@pytest.mark.django_db
def test_console_page_lists_each_receiver(settings, tmp_path, make_staff, client_for):
    settings.HJ212_METRICS_DIR = tmp_path
    metrics = Metrics()
    metrics.connections_open = 812
    metrics.rejects_by_reason.update({"password": 5})
    (tmp_path / "rx1-9212.prom").write_text(metrics.render(), encoding="utf-8")
    old = tmp_path / "rx2-9212.prom"
    old.write_text(Metrics().render(), encoding="utf-8")
    os.utime(old, (time.time() - 120, time.time() - 120))
    url = reverse("sources:staff_receiver_metrics")
    page = client_for(make_staff("data_officer")).get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "rx1-9212" in text and "812" in text and "password" in text
    assert "rx2-9212" in text and "未更新" in text
    assert client_for(make_staff("editor", username="ed")).get(url).status_code == 403
