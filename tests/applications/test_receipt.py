"""条例 Art. 31: the receipt date of each channel (pure)."""

from datetime import date

import pytest

from gongkai.applications import receipt
from gongkai.applications.models import Channel as ChannelChoices
from gongkai.applications.receipt import Channel, ReceiptBasis, ReceiptError, receipt_date

TODAY = date(2026, 10, 20)


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "expected", "basis"),
    [
        (Channel.IN_PERSON, date(2026, 10, 20), None, date(2026, 10, 20), ReceiptBasis.ARRIVED),
        (Channel.IN_PERSON, date(2026, 10, 20), date(2026, 10, 20), date(2026, 10, 20), ReceiptBasis.ARRIVED),
        (
            Channel.POST_SIGNED,
            date(2026, 10, 17),
            None,
            date(2026, 10, 17),
            ReceiptBasis.ARRIVED,
        ),  # signed on a Saturday
        (
            Channel.POST_ORDINARY,
            date(2026, 10, 16),
            date(2026, 10, 16),
            date(2026, 10, 16),
            ReceiptBasis.CONFIRMED,
        ),
        (
            Channel.POST_ORDINARY,
            date(2026, 10, 16),
            date(2026, 10, 19),
            date(2026, 10, 19),
            ReceiptBasis.CONFIRMED,
        ),
        (Channel.FAX, date(2026, 10, 9), date(2026, 10, 12), date(2026, 10, 12), ReceiptBasis.CONFIRMED),
        (Channel.ONLINE, date(2026, 10, 1), date(2026, 10, 8), date(2026, 10, 8), ReceiptBasis.CONFIRMED),
        (Channel.EMAIL, date(2026, 10, 3), date(2026, 10, 9), date(2026, 10, 9), ReceiptBasis.CONFIRMED),
    ],
)
def test_receipt_date_per_channel(channel, arrived, confirmed, expected, basis):
    result = receipt_date(channel=channel, arrived_on=arrived, confirmed_on=confirmed, today=TODAY)
    assert (result.received_on, result.basis) == (expected, basis)
    assert result.backdated_days == (TODAY - expected).days
    assert "第三十一条" in result.rule


def test_email_under_the_2015_interpretation_counts_from_arrival():
    result = receipt_date(
        channel=Channel.EMAIL,
        arrived_on=date(2026, 10, 3),
        confirmed_on=date(2026, 10, 9),
        today=TODAY,
        email_rule=ReceiptBasis.ARRIVED,
    )
    assert result.received_on == date(2026, 10, 3)
    assert "2015" in result.rule


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "field"),
    [
        (Channel.IN_PERSON, None, None, "arrived_on"),
        (Channel.IN_PERSON, date(2026, 10, 21), None, "arrived_on"),
        (Channel.FAX, date(2026, 10, 20), None, "confirmed_on"),
        (Channel.ONLINE, date(2026, 10, 19), date(2026, 10, 21), "confirmed_on"),
        (Channel.POST_ORDINARY, date(2026, 10, 19), date(2026, 10, 18), "confirmed_on"),
    ],
)
def test_refused_dates_name_their_field(channel, arrived, confirmed, field):
    with pytest.raises(ReceiptError) as error:
        receipt_date(channel=channel, arrived_on=arrived, confirmed_on=confirmed, today=TODAY)
    assert error.value.field == field
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)


def test_ordinary_letter_confirmed_later_than_arrival_is_flagged():
    assert receipt.late_confirmation(
        Channel.POST_ORDINARY, arrived_on=date(2026, 10, 16), confirmed_on=date(2026, 10, 19)
    )
    assert not receipt.late_confirmation(
        Channel.POST_ORDINARY, arrived_on=date(2026, 10, 16), confirmed_on=date(2026, 10, 16)
    )
    assert not receipt.late_confirmation(
        Channel.FAX, arrived_on=date(2026, 10, 16), confirmed_on=date(2026, 10, 19)
    )


def test_the_model_choices_are_the_channels_of_the_rule():
    assert set(ChannelChoices.values) == {channel.value for channel in Channel}
