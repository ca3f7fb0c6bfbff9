"""The programme's channels, in one place: the groups a wave is planned on, the finer channels a content
item (and a counted publication) is made for, and which item channels each wave group covers.

Both lists are stored codes (a wave's `channels`, an item's and a publication's `channel`); the mapping is
what ties a wave's plan to the content made for it. Every item channel belongs to a wave group and every
group has item channels. One item channel serves two groups: an item for an e-commerce marketplace
("marketplace") counts for both marketplaces a wave may name (postmart.vn and voso.vn), because items do
not say which marketplace they are for.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WaveChannel(models.TextChoices):
    """A wave's channel groups (docs/architecture.md "The programme in one page")."""

    PRESS = "press", _("Báo chí (in, điện tử; trung ương và địa phương)")
    TELEVISION = "television", _("Truyền hình (VTV và đài địa phương)")
    GRASSROOTS = "grassroots", _("Thông tin cơ sở (loa, bản tin)")
    FOREIGN = "foreign", _("Thông tin đối ngoại")
    SOCIAL = "social", _("Nền tảng số và mạng xã hội")
    POSTMART = "postmart", _("Sàn postmart.vn")
    VOSO = "voso", _("Sàn voso.vn")
    PORTAL = "portal", _("Cổng thông tin 1034")
    SMS = "sms", _("SMS")
    LOCAL_PORTAL = "local_portal", _("Cổng thông tin địa phương")


class ItemChannel(models.TextChoices):
    """The channel a content item is made for and a publication is counted under."""

    PRESS_PRINT = "press_print", _("Báo in")
    PRESS_ONLINE = "press_online", _("Báo điện tử")
    TV_CENTRAL = "tv_central", _("Truyền hình trung ương")
    TV_LOCAL = "tv_local", _("Truyền hình địa phương")
    RADIO = "radio", _("Phát thanh")
    GRASSROOTS = "grassroots", _("Thông tin cơ sở")
    FOREIGN_INFO = "foreign_info", _("Thông tin đối ngoại")
    SOCIAL = "social", _("Mạng xã hội")
    MARKETPLACE = "marketplace", _("Sàn thương mại điện tử")
    PORTAL = "portal", _("Cổng thông tin 1034")
    LOCAL_PORTAL = "local_portal", _("Cổng thông tin địa phương")
    SMS = "sms", _("Tin nhắn SMS")


# The item channels each wave group covers (radio goes out on the provincial radio-and-television
# stations the television group names).
ITEM_CHANNELS: dict[WaveChannel, tuple[ItemChannel, ...]] = {
    WaveChannel.PRESS: (ItemChannel.PRESS_PRINT, ItemChannel.PRESS_ONLINE),
    WaveChannel.TELEVISION: (ItemChannel.TV_CENTRAL, ItemChannel.TV_LOCAL, ItemChannel.RADIO),
    WaveChannel.GRASSROOTS: (ItemChannel.GRASSROOTS,),
    WaveChannel.FOREIGN: (ItemChannel.FOREIGN_INFO,),
    WaveChannel.SOCIAL: (ItemChannel.SOCIAL,),
    WaveChannel.POSTMART: (ItemChannel.MARKETPLACE,),
    WaveChannel.VOSO: (ItemChannel.MARKETPLACE,),
    WaveChannel.PORTAL: (ItemChannel.PORTAL,),
    WaveChannel.SMS: (ItemChannel.SMS,),
    WaveChannel.LOCAL_PORTAL: (ItemChannel.LOCAL_PORTAL,),
}


def item_channels(groups) -> list[str]:
    """The item channels that serve any of the wave groups `groups` (codes), in the item list's order."""
    wanted = {item for group in groups for item in ITEM_CHANNELS.get(group, ())}
    return [item.value for item in ItemChannel if item in wanted]


def wave_groups(item_channel: str) -> list[str]:
    """The wave groups an item made for `item_channel` counts for (one, or both marketplaces)."""
    return [group.value for group, items in ITEM_CHANNELS.items() if item_channel in items]
