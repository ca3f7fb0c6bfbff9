"""One channel list with an explicit mapping (issue 12 item 6): wave groups and item channels."""

from campaigns.models import Campaign
from campaigns.models import Channel as CampaignChannel
from content.models import Channel as ContentChannel
from content.models import ContentItem, Feed, Publication
from core.channels import ITEM_CHANNELS, ItemChannel, WaveChannel, item_channels, wave_groups


def test_every_wave_group_covers_item_channels_and_every_item_channel_one_group():
    assert set(ITEM_CHANNELS) == set(WaveChannel)
    assert all(ITEM_CHANNELS[group] for group in WaveChannel)
    groups_of = {item: wave_groups(item) for item in ItemChannel}
    # Each item channel serves exactly one group, except the marketplace item: items do not say which of
    # the two marketplaces a wave may name they are for, so they count for both.
    assert {item: groups for item, groups in groups_of.items() if len(groups) != 1} == {
        ItemChannel.MARKETPLACE: [WaveChannel.POSTMART, WaveChannel.VOSO]
    }


def test_the_mapping_reads_both_ways():
    assert item_channels([WaveChannel.TELEVISION]) == ["tv_central", "tv_local", "radio"]
    assert item_channels(["press", "sms"]) == ["press_print", "press_online", "sms"]
    assert item_channels(["voso", "postmart"]) == ["marketplace"]
    assert wave_groups("press_online") == ["press"] and wave_groups("unknown") == []
    for group in WaveChannel:
        assert all(group in wave_groups(item) for item in item_channels([group]))


def test_apps_and_models_use_the_one_list():
    assert CampaignChannel is WaveChannel and ContentChannel is ItemChannel
    field = Campaign._meta.get_field("channels")
    assert field.default() and set(field.default()) <= set(WaveChannel.values)
    for model in (ContentItem, Publication, Feed):
        assert model._meta.get_field("channel").choices == ItemChannel.choices
