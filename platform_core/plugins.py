"""The plugin manager: entry-point discovery, per-plugin isolation, `check_pending`, listing, and
the choice of the plugin that provides a capability.

Loading has two phases (STYLE.md, Plugins): the settings add plugin packages that are Django apps
to `INSTALLED_APPS` from the entry-point strings (platform_core/entrypoints.py); then
`PlatformCoreConfig.ready()` calls `load()`, which imports and registers each entry point inside
its own try/except and checks every hook name. A plugin that fails is logged and skipped, and the
server starts; with `PLUGINS_STRICT` the failure stops start-up instead.

The rest of the code base asks this module, never pluggy: `provider("parse_resume")` for the
plugin that serves a provider hook, `get_manager().routers()` / `.skill_aliases()` for the
registries, `get_manager().listing()` for `GET /api/plugins/` and `manage.py plugins`.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import EntryPoint
from types import MappingProxyType, ModuleType
from typing import Any

import pluggy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from platform_core import PROJECT_NAME, hookspecs
from platform_core.entrypoints import DISTRIBUTION, GROUP, normalized, plugin_entry_points

logger = logging.getLogger(__name__)

BUILT_IN = "built-in"


@dataclass(frozen=True)
class Capability:
    """What a provider setting chooses: the plugin serving these hooks."""

    name: str
    setting: str
    builtin: str
    hooks: tuple[str, ...]


CAPABILITIES = {
    capability.name: capability
    for capability in (
        Capability("resume_parser", "RESUME_PARSER_PLUGIN", "resume_parser", ("parse_resume",)),
        Capability("ranking", "RANKING_PLUGIN", "ranking", ("rank_candidates",)),
        Capability(
            "career_coach",
            "CAREER_COACH_PLUGIN",
            "career_coach",
            ("coach_reply", "answer_prompt", "search_talent"),
        ),
    )
}
# Provider hook -> the capability it belongs to.
PROVIDER_HOOKS = {hook: cap for cap in CAPABILITIES.values() for hook in cap.hooks}
REGISTRY_HOOKS = ("register_routers", "register_skill_aliases")


class PluginLoadError(ImproperlyConfigured):
    """A plugin failed to load while `PLUGINS_STRICT` is on."""


class NoProvider(LookupError):
    """No installed plugin provides a hook; `str(error)` says which and what to install."""


@dataclass(frozen=True)
class PluginContext:
    """What every hook receives first: the plugin's own settings, its logger, the LLM gateway."""

    settings: Mapping[str, Any]
    logger: logging.Logger
    llm: Any = None


@dataclass(frozen=True)
class Plugin:
    """A registered plugin: its entry-point name, version and source (`built-in` or the name of
    the distribution that installed it)."""

    name: str
    version: str
    source: str
    module: ModuleType = field(repr=False, compare=False)


@dataclass(frozen=True)
class LoadFailure:
    """A plugin that was skipped, and why (for the log, `manage.py plugins` and tests)."""

    name: str
    reason: str


@dataclass(frozen=True)
class Provider:
    """The chosen plugin's hook caller for one provider hook: call it with the hook's arguments
    other than `context`, which it passes itself."""

    hook: str
    plugin: Plugin
    caller: Callable[..., Any] = field(repr=False)
    context: PluginContext = field(repr=False)

    @property
    def name(self) -> str:
        return self.plugin.name

    @property
    def version(self) -> str:
        return self.plugin.version

    def __call__(self, **arguments: Any) -> Any:
        return self.caller(context=self.context, **arguments)


def _llm_gateway() -> Any:
    """The LLM gateway object, or None offline (no model configured or no gateway module)."""
    try:
        llm = import_module("platform_core.llm")
    except ImportError:
        return None
    gateway = llm.get_gateway()
    # Offline (no LLM_MODEL) is None, so a plugin's offline path is `if context.llm is None`.
    return gateway if getattr(gateway, "available", False) else None


class PluginManager:
    """The registered plugins and the hooks they implement; one per process (`get_manager()`),
    or one per test built from explicit modules (`PluginManager.from_modules`)."""

    def __init__(self, *, strict: bool = False, llm: Callable[[], Any] = _llm_gateway) -> None:
        self.strict = strict
        self.failures: list[LoadFailure] = []
        self._llm = llm
        self._plugins: dict[str, Plugin] = {}
        self._pm = pluggy.PluginManager(PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._skill_aliases: dict[str, str] | None = None

    @classmethod
    def from_modules(
        cls, modules: Mapping[str, ModuleType | str], *, strict: bool = False, **kwargs: Any
    ) -> PluginManager:
        """A manager with exactly these plugins (name -> module or dotted path), no entry points."""
        manager = cls(strict=strict, **kwargs)
        for name, module in modules.items():
            manager.register(name, module, source="local")
        manager.check_pending()
        return manager

    # --- loading ---------------------------------------------------------------------------------

    def load_entry_points(self, group: str = GROUP) -> None:
        """Import and register every plugin of the entry-point group, each in isolation."""
        for point in plugin_entry_points(group):
            dist = point.dist
            dist_name = dist.name if dist is not None else ""
            source = BUILT_IN if normalized(dist_name) == DISTRIBUTION else dist_name or "unknown"
            version = dist.version if dist is not None else ""
            self.register(point.name, point, source=source, version=version)

    def register(
        self,
        name: str,
        module: ModuleType | str | EntryPoint,
        *,
        source: str,
        version: str = "",
    ) -> bool:
        """Import `module` (a module, a dotted path or an entry point) and register its hooks as
        plugin `name`. A failure is logged and recorded and the plugin skipped (raised when strict).
        """
        if name in self._plugins:
            return self._fail(name, f"another plugin is already registered as {name!r}")
        try:
            if isinstance(module, str):
                module = import_module(module)
            elif not isinstance(module, ModuleType):
                # An entry point: duck-typed, since importing litellm puts the importlib_metadata
                # backport on sys.meta_path and its EntryPoint is another class.
                module = module.load()
            if not isinstance(module, ModuleType):
                raise TypeError(f"the entry point names {module!r}, not a module")
            self._pm.register(module, name=name)
        except Exception as exc:
            return self._fail(name, f"{type(exc).__name__}: {exc}", exc)
        version = str(getattr(module, "__version__", "") or version or "unknown")
        self._plugins[name] = Plugin(name=name, version=version, source=source, module=module)
        self._skill_aliases = None
        return True

    def check_pending(self) -> None:
        """Refuse hook implementations that match no hook specification (a misspelled hook name):
        the plugin is unregistered and logged as failed, or start-up stops when strict."""
        known = sorted(name for name, caller in vars(self._pm.hook).items() if caller.has_spec())
        for name in list(self._plugins):
            plugin = self._plugins[name]
            unknown = [
                caller.name
                for caller in self._pm.get_hookcallers(plugin.module) or []
                if not caller.has_spec()
                and any(
                    impl.plugin is plugin.module and not impl.optionalhook
                    for impl in caller.get_hookimpls()
                )
            ]
            if unknown:
                self._unregister(name)
                hints = [_did_you_mean(hook, known) for hook in unknown]
                self._fail(name, "unknown hook(s): " + "; ".join(hints))
        # Whatever remains now passes pluggy's own check; keep it as the final word.
        self._pm.check_pending()

    def _unregister(self, name: str) -> None:
        self._pm.unregister(self._plugins.pop(name).module)
        self._skill_aliases = None

    def _fail(self, name: str, reason: str, exc: BaseException | None = None) -> bool:
        self.failures.append(LoadFailure(name, reason))
        if self.strict:
            raise PluginLoadError(f"Plugin {name!r} failed to load: {reason}") from exc
        logger.error("Plugin %r failed to load and is skipped: %s", name, reason, exc_info=exc)
        return False

    # --- listing ---------------------------------------------------------------------------------

    def plugins(self) -> list[Plugin]:
        """The registered plugins, by name."""
        return [self._plugins[name] for name in sorted(self._plugins)]

    def get(self, name: str) -> Plugin | None:
        return self._plugins.get(name)

    def hooks_of(self, name: str) -> list[str]:
        """The hook names plugin `name` implements, sorted."""
        plugin = self._plugins[name]
        return sorted(caller.name for caller in self._pm.get_hookcallers(plugin.module) or [])

    def capabilities_of(self, name: str) -> list[str]:
        """The capabilities plugin `name` can be chosen for (it implements one of their hooks)."""
        hooks = set(self.hooks_of(name))
        return sorted(cap.name for cap in CAPABILITIES.values() if hooks & set(cap.hooks))

    def listing(self) -> list[dict[str, Any]]:
        """`{name, version, source, hooks, capabilities}` for every plugin, by name."""
        return [
            {
                "name": plugin.name,
                "version": plugin.version,
                "source": plugin.source,
                "hooks": self.hooks_of(plugin.name),
                "capabilities": self.capabilities_of(plugin.name),
            }
            for plugin in self.plugins()
        ]

    # --- calling ---------------------------------------------------------------------------------

    def context(self, name: str) -> PluginContext:
        """The context plugin `name` receives: its `PLUGIN_SETTINGS` entry (read-only), its logger
        and the LLM gateway."""
        own = getattr(settings, "PLUGIN_SETTINGS", {}).get(name, {})
        return PluginContext(
            settings=MappingProxyType(dict(own)),
            logger=logging.getLogger(f"plugins.{name}"),
            llm=self._llm(),
        )

    def implements(self, name: str, hook: str) -> bool:
        return name in self._plugins and hook in self.hooks_of(name)

    def _caller_of(self, name: str, hook: str) -> Callable[..., Any]:
        others = [p.module for key, p in self._plugins.items() if key != name]
        return self._pm.subset_hook_caller(hook, remove_plugins=others)

    def chosen(self, hook: str) -> str | None:
        """The name of the plugin that serves provider hook `hook`: the one its capability's
        setting names, else the built-in; None when neither is installed."""
        capability = _capability(hook)
        configured = getattr(settings, capability.setting, "") or capability.builtin
        for name in (configured, capability.builtin):
            if self.implements(name, hook):
                return name
        return None

    def provider(
        self, hook: str, requested: str | None = None, *, field: str = "plugin"
    ) -> Provider:
        """The hook caller of the plugin serving provider hook `hook`.

        `requested` is a plugin a request names: it must be installed and implement the hook,
        else `FieldErrors({field: [...]})` (a 400). Without it, the setting's choice or the
        built-in (`chosen`); `NoProvider` when neither is installed.
        """
        if requested is not None:
            name = self.require(hook, requested, field=field)
        else:
            chosen = self.chosen(hook)
            if chosen is None:
                raise NoProvider(_no_provider_message(hook, self.providers_of(hook)))
            name = chosen
        return Provider(
            hook=hook,
            plugin=self._plugins[name],
            caller=self._caller_of(name, hook),
            context=self.context(name),
        )

    def require(self, hook: str, requested: str, *, field: str = "plugin") -> str:
        """`requested` if it is an installed plugin implementing `hook`, else a 400
        `FieldErrors({field: ["No installed plugin named ... provides ..."]})`."""
        _capability(hook)
        if self.implements(requested, hook):
            return requested
        from platform_core.errors import FieldErrors  # the HTTP layer, only when a request asks

        available = ", ".join(self.providers_of(hook)) or "none"
        raise FieldErrors(
            {
                field: [
                    f"No installed plugin named {requested!r} provides {hook}; available: {available}."
                ]
            }
        )

    def providers_of(self, hook: str) -> list[str]:
        """The installed plugins implementing `hook`, by name."""
        return [name for name in sorted(self._plugins) if hook in self.hooks_of(name)]

    def unavailable_choices(self) -> list[str]:
        """A sentence for every provider setting that names a plugin not installed (or not
        implementing the capability's hooks); empty when every choice is served."""
        messages = []
        for capability in CAPABILITIES.values():
            configured = getattr(settings, capability.setting, "") or capability.builtin
            if configured == capability.builtin:
                continue
            missing = [hook for hook in capability.hooks if not self.implements(configured, hook)]
            if missing:
                fallback = capability.builtin if capability.builtin in self._plugins else None
                messages.append(
                    f"{capability.setting}={configured!r} names no installed plugin providing "
                    f"{', '.join(missing)}; "
                    + (f"using the built-in {fallback!r}." if fallback else "no plugin serves it.")
                )
        return messages

    def collect(self, hook: str) -> list[tuple[str, Any]]:
        """Call registry hook `hook` once for every plugin implementing it (each with its own
        context, each isolated): `(plugin name, returned value)` pairs, failures left out."""
        if hook not in REGISTRY_HOOKS:
            raise ValueError(f"{hook!r} is not a registry hook; registry hooks: {REGISTRY_HOOKS}")
        results: list[tuple[str, Any]] = []
        for name in self.providers_of(hook):
            try:
                # A registry hook's caller answers a list: one value per implementation.
                values = self._caller_of(name, hook)(context=self.context(name))
                results.extend((name, value) for value in values)
            except Exception as exc:
                if self.strict:
                    raise PluginLoadError(f"Plugin {name!r} failed in {hook}: {exc}") from exc
                logger.exception("Plugin %r failed in %s; its result is skipped", name, hook)
        return results

    def routers(self) -> list[tuple[str, str, Any]]:
        """`(plugin name, prefix, router)` for every router a plugin registers."""
        from ninja import Router

        mounted = []
        for name, pairs in self.collect("register_routers"):
            for pair in _as_list(pairs):
                if (
                    isinstance(pair, tuple)
                    and len(pair) == 2
                    and isinstance(pair[0], str)
                    and isinstance(pair[1], Router)
                ):
                    mounted.append((name, pair[0], pair[1]))
                else:
                    logger.error(
                        "Plugin %r: register_routers returned %r, not (prefix, Router)", name, pair
                    )
        return mounted

    def skill_aliases(self) -> dict[str, str]:
        """Every plugin's skill aliases merged: lowercased alias -> canonical skill name."""
        if self._skill_aliases is None:
            merged: dict[str, str] = {}
            for name, mappings in self.collect("register_skill_aliases"):
                for mapping in _as_list(mappings):
                    if not isinstance(mapping, Mapping):
                        logger.error("Plugin %r: skill aliases %r are not a mapping", name, mapping)
                        continue
                    for alias, canonical in mapping.items():
                        if not (isinstance(alias, str) and isinstance(canonical, str)):
                            continue
                        key = alias.strip().lower()
                        if key in merged and merged[key] != canonical:
                            logger.warning(
                                "Plugin %r maps skill alias %r to %r; kept %r",
                                name, alias, canonical, merged[key],
                            )  # fmt: skip
                            continue
                        merged[key] = canonical
            self._skill_aliases = merged
        return dict(self._skill_aliases)


def _capability(hook: str) -> Capability:
    try:
        return PROVIDER_HOOKS[hook]
    except KeyError:
        raise ValueError(
            f"{hook!r} is not a provider hook; provider hooks: {sorted(PROVIDER_HOOKS)}"
        ) from None


def _no_provider_message(hook: str, available: list[str]) -> str:
    capability = _capability(hook)
    return (
        f"No installed plugin provides {hook}: {capability.setting} names none that is installed "
        f"and the built-in {capability.builtin!r} is not installed"
        + (f" (installed providers: {', '.join(available)})." if available else ".")
    )


def _did_you_mean(hook: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(hook, list(known), n=1)
    return f"{hook!r} (did you mean {close[0]!r}?)" if close else repr(hook)


def _as_list(value: Any) -> list[Any]:
    """A registry hook's return value as a list: None is empty, anything else not a list is one."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) and not _is_pair(value) else [value]


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)


# --- the process's manager ------------------------------------------------------------------------

_manager = PluginManager()


def get_manager() -> PluginManager:
    """The manager of this process: empty until `load()` ran (in `AppConfig.ready()`)."""
    return _manager


def install(manager: PluginManager) -> PluginManager:
    """Make `manager` the process's manager (start-up, and tests that name their plugins)."""
    global _manager
    _manager = manager
    return manager


def load(group: str = GROUP) -> PluginManager:
    """Discover, import and register the entry-point plugins, check their hooks, warn about
    provider settings naming a plugin that is not installed, and install the result."""
    manager = PluginManager(strict=getattr(settings, "PLUGINS_STRICT", False))
    manager.load_entry_points(group)
    manager.check_pending()
    for message in manager.unavailable_choices():
        logger.warning(message)
    logger.info("Plugins loaded: %s", ", ".join(p.name for p in manager.plugins()) or "none")
    return install(manager)


def provider(hook: str, requested: str | None = None, *, field: str = "plugin") -> Provider:
    """The process manager's `provider(hook, requested)`: see `PluginManager.provider`."""
    return _manager.provider(hook, requested, field=field)


def require_provider(hook: str, requested: str, *, field: str = "plugin") -> str:
    """Raise the 400 `FieldErrors` when `requested` names no installed plugin implementing
    `hook`; return the name otherwise (for validating a request before enqueuing work)."""
    return _manager.require(hook, requested, field=field)
