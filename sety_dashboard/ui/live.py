"""Live updates for open dashboard tabs: bus event → only the tabs showing it.

How a page gets live updates (the whole pattern):

1. Its state's `on_load` reloads what the page shows from the database
   (this also covers reconnects and anything missed: the bus keeps nothing),
   then calls `live.watch(self, "board")` — or `"incident:<id>"`,
   `"visitors"`, … — naming what this tab now shows. A tab watches
   one page's topics at a time; watching again replaces them.
2. The state class defines `async def _on_live(self, envelope)`, which
   applies the change (the envelope's `data` is the object after the change)
   to its vars. Only the vars it assigns travel to the browser, so it should
   touch the changed rows, not rebuild everything.
3. Which topics an event concerns is said once per event family, with
   `live.add_topic_rule("incident.", lambda data: [...])`, next to the state
   that consumes it.
4. Optional: work that is the same for every tab (e.g. the board's sorted
   rows) is done once per event by a process-level listener,
   `live.add_listener("incident.", fn)`, called before the tabs are
   updated; `_on_live` then only picks its share.
5. A component with its own state inside a page (e.g. the muster panel on
   the incident page) adds its topics with `live.watch_also(self, ...)`
   after the page's `watch` (from the component's `on_mount`); its state's
   `_on_live` gets them. The page's next `watch` (a new page or a reload)
   drops these, so a component re-adds them when it mounts again.
6. An app-wide state the frame shows on every page (the alert banner of
   unacknowledged incidents) registers with `live.watch_app(self, ...)`;
   page changes keep it, a closed socket or a refused page drops it.
7. A state whose live vars are the same for every tab showing the same
   thing (the board for given filters, the alert bar) declares them once
   with `live.share_view(StateClass, view_vars, stamp)` and watches with
   `view=<key of what it shows>`. Those vars are computed vars
   (`@rx.var(cache=False)`) reading worker-level data, so the tab's state
   stores none of them; the bridge sends `view_vars(view)` as one Reflex
   state-update packet, encoded once, to every tab of the view, without
   entering any tab's state (`_send_shared_views`).

One bridge task per worker process (`run_live_bridge`, registered by the
app module, `sety_dashboard/sety_dashboard.py`) subscribes to the event bus and, for each event,
sends each shared view once to its tabs (step 7), then enters
`app.modify_state` once for each other watching tab whose socket lives on
this worker (all its states in the same transaction), with bounded
concurrency; Reflex sends the resulting delta. With Redis, every worker
receives every event and updates its own tabs. No tab
polls. Tabs leave the registry when their socket is gone (checked before
each push and swept periodically), and a tab whose sign-in session ended
(signed out elsewhere, expired) gets `_on_signed_out()` and is dropped.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.state import StateUpdate
from reflex_base.constants.state import FIELD_MARKER

from sety_dashboard.core import duties
from sety_dashboard.core.settings import get_settings
from sety_dashboard.events.bus import get_bus

if TYPE_CHECKING:
    from reflex.state import BaseState

log = logging.getLogger(__name__)

TopicRule = Callable[[dict[str, Any]], Iterable[str]]

# How many tabs are updated at once for one event. Each update takes the
# tab's state lock and sends one socket frame; more in flight only queues.
PUSH_CONCURRENCY = 32

# The envelope type that asks a tab to reload everything from the database.
RELOAD = "__reload__"
# The envelope type sent to a tab whose sign-in session ended (signed out
# elsewhere, expired, user disabled): it must drop what it shows.
SIGNED_OUT = "__signed_out__"
SessionChecker = Callable[[list[str]], set[str]]
_session_checker: SessionChecker | None = None


def set_session_checker(checker: SessionChecker) -> None:
    """`checker(session_tokens)` → the ones still valid (auth registers it)."""
    global _session_checker
    _session_checker = checker

_rules: list[tuple[str, TopicRule]] = []

# Shared views (step 7 of the pattern): state class → (the view's vars, its stamp).
ViewVars = Callable[[Hashable], dict[str, Any]]
Stamp = Callable[[], Hashable]
_shared: dict[type[BaseState], tuple[ViewVars, Stamp]] = {}
# (state class, view) → the stamp last sent to its tabs.
_sent_stamps: dict[tuple[type[BaseState], Hashable], Hashable] = {}


def share_view(state_cls: type[BaseState], view_vars: ViewVars, stamp: Stamp) -> None:
    """Tabs of `state_cls` that watch with the same `view` show the same
    values: the bridge computes `view_vars(view)` ({var name: value}) once per
    event and sends it, encoded once, to all those tabs, without entering
    their states. Skipped while `stamp()` is what was last sent to the view.

    The vars must be computed vars (`@rx.var(cache=False)`) of the state
    reading the same worker-level data, so the tab's own state holds none of
    it: a reconnect's hydrate or any later delta of the tab computes them
    afresh and can never send an older value than the bridge did.
    """
    _shared[state_cls] = (view_vars, stamp)


def resend(state: BaseState, *var_names: str) -> None:
    """Send these computed vars with the tab's delta even when Reflex
    thinks the browser has their value. Reflex leaves an uncached computed
    var out of a delta when it equals the last value *it* sent; shared-view
    values reach the browser past it, so after the view changes (a filter)
    that record can be wrong. Deleting it is what Reflex itself does when it
    cannot tell what the client holds (reflex/istate/delta.py)."""
    for name in var_names:
        attr = type(state).computed_vars[name]._last_delta_key_attr
        try:
            delattr(state, attr)
        except AttributeError:
            pass
    # A handler that assigned nothing here leaves the state out of its delta.
    state.dirty_vars.update(var_names)
    state._mark_dirty()

Listener = Callable[[dict[str, Any]], Awaitable[None]]
_listeners: list[tuple[str, Listener]] = []


def add_listener(type_prefix: str, listener: Listener) -> None:
    """Run `await listener(envelope)` once per event of this family (and on
    `RELOAD`), in the bridge, before any tab is updated."""
    if (type_prefix, listener) not in _listeners:
        _listeners.append((type_prefix, listener))


async def _run_listeners(envelope: dict[str, Any]) -> None:
    type_ = str(envelope.get("type", ""))
    for prefix, listener in list(_listeners):
        if type_ == RELOAD or type_.startswith(prefix):
            try:
                await listener(envelope)
            except Exception:  # a failing listener must not stop the tabs' updates
                log.exception("live listener for %s failed", prefix)


def add_topic_rule(type_prefix: str, rule: TopicRule) -> None:
    """Say which topics events whose type starts with `type_prefix` concern.

    `rule(data)` gets the envelope's data and returns topic names. Adding
    the same rule twice (a module imported twice) is harmless.
    """
    if (type_prefix, rule) not in _rules:
        _rules.append((type_prefix, rule))


def topics_for(envelope: dict[str, Any]) -> set[str]:
    type_ = str(envelope.get("type", ""))
    data = envelope.get("data") or {}
    topics: set[str] = set()
    for prefix, rule in _rules:
        if type_.startswith(prefix):
            try:
                topics.update(rule(data))
            except Exception:  # a bad rule must not stop the others
                log.exception("topic rule for %s failed", prefix)
    return topics


class Watchers:
    """Which tabs (client tokens) of this process watch which topics.

    Touched from the event loop and from handler threads, hence the lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_topic: dict[str, dict[str, type[BaseState]]] = {}
        self._by_token: dict[str, tuple[type[BaseState], frozenset[str]]] = {}
        # tab → the sign-in session it showed its page under
        self._sessions: dict[str, str] = {}
        # Components with their own state on a tab's page (`watch_also`):
        # token -> {state class: topics}. Few per tab, so scanned per event.
        self._also: dict[str, dict[type[BaseState], frozenset[str]]] = {}
        # App-wide states of a tab (the frame's alert banner, `watch_app`):
        # token -> {state class: topics}. Unlike `_also`, a page's `watch`
        # keeps them; only `forget` (socket gone, refused page) drops them.
        self._app: dict[str, dict[type[BaseState], frozenset[str]]] = {}
        # The shared view (share_view) a tab's state shows: token -> {state class: view}.
        self._views: dict[str, dict[type[BaseState], Hashable]] = {}

    def watch(self, token: str, state_cls: type[BaseState], topics: Iterable[str],
              session: str | None = None, view: Hashable = None) -> None:
        new = frozenset(topics)
        with self._lock:
            self._drop(token)
            self._by_token[token] = (state_cls, new)
            if view is not None:
                self._views.setdefault(token, {})[state_cls] = view
            if session is not None:
                self._sessions[token] = session
            for topic in new:
                self._by_topic.setdefault(topic, {})[token] = state_cls

    def watch_also(self, token: str, state_cls: type[BaseState], topics: Iterable[str]) -> None:
        """Add a component state's topics to the tab's page (replacing that
        state's earlier ones); dropped by the tab's next `watch`."""
        with self._lock:
            self._also.setdefault(token, {})[state_cls] = frozenset(topics)

    def watch_app(self, token: str, state_cls: type[BaseState], topics: Iterable[str],
                  view: Hashable = None) -> None:
        """Topics for an app-wide state of the tab, kept across page changes."""
        with self._lock:
            self._app.setdefault(token, {})[state_cls] = frozenset(topics)
            if view is not None:
                self._views.setdefault(token, {})[state_cls] = view

    def set_view(self, token: str, state_cls: type[BaseState], view: Hashable) -> None:
        with self._lock:
            self._views.setdefault(token, {})[state_cls] = view

    def view_of(self, token: str, state_cls: type[BaseState]) -> Hashable:
        with self._lock:
            return self._views.get(token, {}).get(state_cls)

    def drop_page(self, token: str) -> None:
        with self._lock:
            self._drop(token)

    def forget(self, token: str) -> None:
        with self._lock:
            self._drop(token)
            self._app.pop(token, None)
            self._views.pop(token, None)

    def _drop(self, token: str) -> None:
        self._sessions.pop(token, None)
        self._also.pop(token, None)
        old = self._by_token.pop(token, None)
        if old is None:
            return
        views = self._views.get(token)
        if views is not None:
            views.pop(old[0], None)
        for topic in old[1]:
            tabs = self._by_topic.get(topic)
            if tabs is not None:
                tabs.pop(token, None)
                if not tabs:
                    del self._by_topic[topic]

    def targets(self, topics: Iterable[str]) -> dict[str, type[BaseState]]:
        """The tabs watching any of `topics` (each once)."""
        out: dict[str, type[BaseState]] = {}
        with self._lock:
            for topic in topics:
                out.update(self._by_topic.get(topic, {}))
        return out

    def pushes(self, topics: Iterable[str] | None) -> list[tuple[str, type[BaseState]]]:
        """(tab, state class) pairs to update: the pages watching any of
        `topics`, then the components (None = every page and component)."""
        with self._lock:
            if topics is None:
                pairs = [(t, entry[0]) for t, entry in self._by_token.items()]
                pairs += [(t, cls) for t, comps in self._also.items() for cls in comps]
                pairs += [(t, cls) for t, comps in self._app.items() for cls in comps]
                return pairs
            wanted = frozenset(topics)
            pages: dict[str, type[BaseState]] = {}
            for topic in wanted:
                pages.update(self._by_topic.get(topic, {}))
            pairs = list(pages.items())
            pairs += [(t, cls) for t, comps in self._also.items()
                      for cls, theirs in comps.items() if theirs & wanted]
            pairs += [(t, cls) for t, comps in self._app.items()
                      for cls, theirs in comps.items() if theirs & wanted]
            return pairs

    def tokens(self) -> list[str]:
        with self._lock:
            return list(self._by_token.keys() | self._also.keys() | self._app.keys())

    def sessions(self) -> dict[str, str]:
        with self._lock:
            return dict(self._sessions)

    def everyone(self) -> dict[str, type[BaseState]]:
        with self._lock:
            return {token: entry[0] for token, entry in self._by_token.items()}

    def topics_of(self, token: str, state_cls: type[BaseState] | None = None) -> frozenset[str]:
        """What the tab's page watches, or (with `state_cls`) what that
        state of the tab watches, page or component."""
        with self._lock:
            entry = self._by_token.get(token)
            if state_cls is None:
                return entry[1] if entry else frozenset()
            if entry is not None and entry[0] is state_cls:
                return entry[1]
            return (self._also.get(token, {}).get(state_cls, frozenset())
                    | self._app.get(token, {}).get(state_cls, frozenset()))

    def __len__(self) -> int:
        return len(self._by_token)


WATCHERS = Watchers()


def watch(state: BaseState, *topics: str, view: Hashable = None) -> None:
    """Make this tab receive the events of `topics` (replacing earlier ones).

    Call at the end of `on_load`, after the page's data was read: an event
    committed between the read and this call is still applied by
    `_on_live`, which must therefore be idempotent (it is when it replaces
    rows by id with the newer version). A state registered with
    `share_view` passes the `view` it shows instead and has no `_on_live`.
    """
    WATCHERS.watch(state.router.session.client_token, type(state), topics,
                   session=getattr(state, "token", None), view=view)


def set_view(state: BaseState, view: Hashable) -> None:
    """The tab now shows another shared view (e.g. the board's filters changed)."""
    WATCHERS.set_view(state.router.session.client_token, type(state), view)


def watch_also(state: BaseState, *topics: str) -> None:
    """Make this component state receive the events of `topics` too, next to
    the page's own (see step 4 above). Call it after the page's `watch`."""
    WATCHERS.watch_also(state.router.session.client_token, type(state), topics)


def watch_app(state: BaseState, *topics: str, view: Hashable = None) -> None:
    """Make this app-wide state (shown by the frame on every page, e.g. the
    unacknowledged-incident banner) receive `topics` on whatever page the
    tab shows; a page's `watch` does not drop it (step 6 of the pattern)."""
    WATCHERS.watch_app(state.router.session.client_token, type(state), topics, view=view)


def unwatch(state: BaseState) -> None:
    """The tab's page shows nothing live any more (refused page); its
    app-wide states (`watch_app`) keep theirs."""
    WATCHERS.drop_page(state.router.session.client_token)


def _connected_tokens(app: rx.App) -> set[str] | None:
    namespace = getattr(app, "event_namespace", None)
    if namespace is None:
        return None
    return set(namespace.token_to_sid)


async def _push(app: rx.App, token: str, state_classes: list[type[BaseState]],
                envelope: dict[str, Any], topics: set[str] | None) -> None:
    """Apply one event to the given states of one tab in ONE state
    transaction (one lock, one delta, one frame): the board and the frame's
    alert bar of a tab are updated together, not one after the other."""
    from reflex.istate.manager.token import BaseStateToken

    async with app.modify_state(BaseStateToken(ident=token, cls=state_classes[0])) as root:
        for state_cls in state_classes:
            # The tab may have moved to another page while this push waited.
            if topics is not None and not (WATCHERS.topics_of(token, state_cls) & topics):
                continue
            state = root if isinstance(root, state_cls) else await root.get_state(state_cls)
            if envelope.get("type") == SIGNED_OUT:
                await state._on_signed_out()
            else:
                await state._on_live(envelope)


def _local_sids(app: rx.App) -> dict[str, str]:
    """Token → socket id of the tabs whose socket lives in this process
    (with Redis, a tab on another worker is that worker's to update)."""
    namespace = app.event_namespace
    manager = namespace._token_manager  # reflex keeps the socket records here
    return {token: record.sid for token, record in manager.token_to_socket.items()
            if record.instance_id == manager.instance_id}


async def _send_shared_views(app: rx.App, targets: list[tuple[str, type[BaseState]]]
                             ) -> list[tuple[str, type[BaseState]]]:
    """Update the shared views among `targets` (share_view) and return the
    rest, which need a state transaction each.

    Tabs are grouped by everything shared they show (e.g. the board with the
    same filters + the alert bar); each group gets ONE Reflex state-update
    packet, encoded once and written to all its sockets (python-socketio
    encodes a message to several rooms once; every socket is a room).

    Order matters: a tab whose view changes (a filter) gets the new view's
    values from its own handler's delta, and an older packet of ours must not
    land after that. So each group is formed from the registry, its values
    computed and its packet queued on the sockets in one step of the event
    loop (socket.io queues the frames before its first `await`); the next
    group is formed afresh after that send."""
    rest: list[tuple[str, type[BaseState]]] = []
    pending: dict[str, list[type[BaseState]]] = {}
    for token, state_cls in targets:
        if state_cls in _shared and WATCHERS.view_of(token, state_cls) is not None:
            pending.setdefault(token, []).append(state_cls)
        else:
            rest.append((token, state_cls))
    values: dict[tuple[type[BaseState], Hashable, Hashable], dict[str, Any]] = {}
    sent: dict[tuple[type[BaseState], Hashable], set[Hashable]] = {}
    while pending:
        sids = _local_sids(app)
        first: tuple[tuple[type[BaseState], Hashable], ...] | None = None
        group: list[str] = []
        for token, classes in list(pending.items()):
            parts = tuple((c, v) for c in classes
                          if (v := WATCHERS.view_of(token, c)) is not None
                          and _sent_stamps.get((c, v)) != _shared[c][1]())
            if not parts or token not in sids:
                del pending[token]  # gone, or its views already show the latest
                continue
            if first is None:
                first = parts
            if parts == first:
                group.append(token)
        if first is None:
            break
        delta: dict[str, dict[str, Any]] = {}
        for state_cls, view in first:
            view_vars, stamp = _shared[state_cls]
            key = (state_cls, view, stamp())
            if key not in values:
                values[key] = {name + FIELD_MARKER: value for name, value in view_vars(view).items()}
            delta.setdefault(state_cls.get_full_name(), {}).update(values[key])
            sent.setdefault((state_cls, view), set()).add(key[2])
        for token in group:
            del pending[token]
        # Not awaited before the frames are queued: see the docstring.
        await app.sio.emit("event", StateUpdate(delta=delta), to=[sids[t] for t in group],
                           namespace=app.event_namespace.namespace)
    # Remembered only once every group of a view got it (and all the same
    # values: a re-read between two groups means the next event sends again).
    if len(_sent_stamps) > 1000:  # views by search text add up; forgetting only resends
        _sent_stamps.clear()
    for view_key, stamps in sent.items():
        if len(stamps) == 1:
            _sent_stamps[view_key] = next(iter(stamps))
        else:
            _sent_stamps.pop(view_key, None)
    return rest


async def push_to_tabs(app: rx.App, envelope: dict[str, Any],
                       semaphore: asyncio.Semaphore | None = None) -> int:
    """Apply one event to every tab of this process that watches it.

    Returns how many tab states were updated. Tabs whose socket is gone are
    forgotten instead. The `__reload__` envelope goes to every watching tab.
    """
    await _run_listeners(envelope)
    topics: set[str] | None
    if envelope.get("type") == RELOAD:
        topics = None
    else:
        topics = topics_for(envelope)
        if not topics:
            return 0
    targets = WATCHERS.pushes(topics)
    if not targets:
        return 0
    connected = _connected_tokens(app)
    if connected is not None:
        for token in {t for t, _ in targets if t not in connected}:
            WATCHERS.forget(token)
        targets = [(t, c) for t, c in targets if t in connected]
    targets = await _send_shared_views(app, targets)
    by_tab: dict[str, list[type[BaseState]]] = {}
    for token, state_cls in targets:
        by_tab.setdefault(token, []).append(state_cls)
    sem = semaphore or asyncio.Semaphore(PUSH_CONCURRENCY)

    async def one(token: str, state_classes: list[type[BaseState]]) -> None:
        async with sem:
            try:
                await _push(app, token, state_classes, envelope, topics)
            except Exception:  # one broken tab must not stop the others
                log.exception("live update of tab %s failed", token)

    await asyncio.gather(*(one(t, cs) for t, cs in by_tab.items()))
    return len(targets)


def sweep(app: rx.App) -> int:
    """Forget tabs whose socket is gone; returns how many were forgotten."""
    connected = _connected_tokens(app)
    if connected is None:
        return 0
    gone = [t for t in WATCHERS.tokens() if t not in connected]
    for token in gone:
        WATCHERS.forget(token)
    return len(gone)


async def end_lapsed_sessions(app: rx.App, semaphore: asyncio.Semaphore | None = None) -> int:
    """Tabs whose sign-in session ended stop receiving data and clear their page.

    One database query for all the tabs of this worker (every SETY_LIVE_SWEEP_S).
    """
    if _session_checker is None:
        return 0
    sessions = WATCHERS.sessions()
    if not sessions:
        return 0
    valid = await asyncio.to_thread(_session_checker, sorted(set(sessions.values())))
    lapsed = {tab: WATCHERS.everyone().get(tab) for tab, s in sessions.items() if s not in valid}
    sem = semaphore or asyncio.Semaphore(PUSH_CONCURRENCY)

    async def one(tab: str, state_cls: type[BaseState]) -> None:
        async with sem:
            try:
                await _push(app, tab, [state_cls], {"type": SIGNED_OUT, "data": {}}, None)
            except Exception:
                log.exception("signing out tab %s failed", tab)
            WATCHERS.forget(tab)

    await asyncio.gather(*(one(t, c) for t, c in lapsed.items() if c is not None))
    return len(lapsed)


async def run_live_bridge(app: rx.App) -> None:
    """The one task per worker that turns bus events into tab updates.

    If it falls too far behind (the bus subscription overflows), every
    watching tab is told to reload from the database (`RELOAD`), so
    nothing stays stale.
    """
    semaphore = asyncio.Semaphore(PUSH_CONCURRENCY)
    sweep_every = get_settings().live_sweep_s
    bus = get_bus()
    last_sweep = time.monotonic()
    while True:
        sub = bus.subscribe(maxsize=10_000)
        wait_ready = getattr(bus, "wait_ready", None)
        if wait_ready is not None:  # Redis: subscribed on the server, nothing missed after
            await wait_ready()
        # /v1/ready answers 200 only from here on: a tab connected now gets its updates.
        duties.mark_started("live_bridge")
        try:
            while True:
                try:
                    envelope = await asyncio.wait_for(sub.get(), timeout=sweep_every)
                except TimeoutError:
                    envelope = None
                if time.monotonic() - last_sweep >= sweep_every:
                    sweep(app)
                    await end_lapsed_sessions(app, semaphore)
                    last_sweep = time.monotonic()
                if envelope is None:
                    continue
                if envelope.get("type") == "__overflow__":
                    log.warning("live bridge fell behind; asking every tab to reload")
                    await push_to_tabs(app, {"type": RELOAD, "data": {}}, semaphore)
                    break
                await push_to_tabs(app, envelope, semaphore)
        except asyncio.CancelledError:
            raise
        except Exception:  # keep the bridge alive; tabs reload on their next load
            log.exception("live bridge failed; resubscribing")
            await asyncio.sleep(1)
        finally:
            sub.close()
