"""The platform's sink: the receiver's batches written through the Django models, on SQLite or
PostgreSQL alike (bulk inserts that ignore conflicts on the unique keys, in one transaction)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import close_old_connections, transaction

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import Received, measurement_rows, raw_row, segment_of
from gongkai.sources.models import Measurement, RawPacket


class DjangoSink:
    def commit(self, batch: Sequence[Received]) -> None:
        close_old_connections()
        packets, measurements, splits = [], [], []
        for item in batch:
            row = raw_row(item)
            packets.append(RawPacket(**row))
            if item.accepted and row["key"]:
                measurements += measurement_rows(item.packet, key=row["key"], received_at=item.received_at)
                if item.packet.is_split:  # the last part in completes the group
                    splits.append((item.packet, item.received_at))
        with transaction.atomic():
            RawPacket.objects.bulk_create(packets, ignore_conflicts=True, batch_size=1000)
            for packet, received_at in splits:
                measurements += _joined(packet, received_at)
            Measurement.objects.bulk_create(
                [Measurement(**row) for row in measurements], ignore_conflicts=True, batch_size=1000
            )

    def close(self) -> None:
        from django.db import connection

        connection.close()


def _joined(packet: codec.Packet, received_at) -> list[dict]:
    """A split upload whose DataTime is not in every part: its measurements once all parts are in."""
    raws = RawPacket.objects.filter(
        status=RawPacket.Status.ACCEPTED,
        mn=packet.mn,
        cn=packet.cn,
        qn=packet.qn or "",
        pnum=int(packet.pnum),
    ).values_list("raw", flat=True)
    parts = {}
    for raw in raws:
        try:
            part = codec.parse_segment(segment_of(raw))
        except codec.Hj212Error:
            continue
        parts.setdefault(int(part.pno), part)
    if len(parts) != int(packet.pnum):
        return []
    whole = codec.join_parts(parts.values())
    return measurement_rows(
        whole, key=f"{packet.mn}|{packet.cn}|{packet.qn or ''}|joined", received_at=received_at
    )
