"""The opt-out sync settings of one environment, built from its config in one place.

Why a module of its own: the stack (``stacks.messaging_stack``) writes these settings into the
deployed functions and the CLI (``sms-estate opt-outs sync``) runs the same reconciler from a
laptop; both must agree on table, lists, regions and topics, so both call :func:`sync_settings`.
"""

from __future__ import annotations

from sms_estate.yaml_app.config.model import Environment
from sms_runtime.opt_out_sync.settings import SyncSettings, topic_name


def sync_settings(environment: Environment) -> SyncSettings | None:
    """``environment``'s sync, or ``None`` when it declares no ``opt_out_sync``.

    The home region (table and reconciler) is the first region, as for the environment's other
    once-per-environment resources. Topics exist only in ``realtime`` mode: in ``scheduled`` mode
    the numbers keep whatever two-way channel they have and only the reconciler runs.
    """
    sync = environment.opt_out_sync
    if sync is None:
        return None
    topics = {topic_name(environment.name, name): name for name in sync.lists} if sync.mode == "realtime" else {}
    return SyncSettings(
        environment=environment.name,
        account=environment.account,
        home_region=environment.primary_region,
        regions=environment.regions,
        lists=sync.lists,
        mode=sync.mode,
        interval_minutes=sync.interval_minutes,
        topics=topics,
    )


def replies_to_sync(settings: SyncSettings | None, opt_out_list: str | None) -> bool:
    """Whether a number or pool on ``opt_out_list`` sends its replies to the sync's two-way topic.

    True for a synced list in ``realtime`` mode (the only mode with topics): the stacks then set its
    two-way channel to that list's topic in its region, and the config checks refused a channel of its own.
    """
    return settings is not None and opt_out_list is not None and opt_out_list in settings.topics.values()
