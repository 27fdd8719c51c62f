"""A small interpreter of exactly the mod_rewrite directives `kzgraph publish` writes into .htaccess.

No Apache is installed here, so the Apache rules are checked by evaluating them: RewriteCond on
%{HTTP_ACCEPT}, %{HTTP:Accept-Language}, %{QUERY_STRING}, %{DOCUMENT_ROOT}, %{REQUEST_FILENAME}
(regex, ``!`` negation, ``-f``), RewriteRule in per-directory context (RewriteBase, ``-`` for no
substitution, $N and %N back-references) with the flags [NC], [OR], [R=303], [R=404], [L], [S=n]
and [E=VAR:VAL]. Any other directive or flag is refused (:class:`Unsupported`), so the interpreter
cannot silently skip a rule the generator starts writing.
"""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

# directives the static host needs but that do not rewrite: read and ignored
PASSIVE = {"Options", "DirectoryIndex", "AddType", "ErrorDocument", "Header", "<IfModule", "</IfModule>"}
VARIABLES = ("HTTP_ACCEPT", "HTTP:Accept-Language", "QUERY_STRING", "DOCUMENT_ROOT", "REQUEST_FILENAME")


class Unsupported(ValueError):
    """A directive, flag or variable this interpreter does not implement."""


@dataclass
class Cond:
    test: str
    pattern: str
    nocase: bool = False
    ornext: bool = False


@dataclass
class Rule:
    pattern: str
    target: str
    conds: list[Cond]
    redirect: int | None = None
    last: bool = False
    skip: int = 0
    env: list[str] = field(default_factory=list)


def _flags(text: str | None, allowed: set[str]) -> list[str]:
    if not text:
        return []
    if not (text.startswith("[") and text.endswith("]")):
        raise Unsupported(f"flags {text!r}")
    flags = text[1:-1].split(",")
    for flag in flags:
        if flag.split("=")[0] not in allowed:
            raise Unsupported(f"flag {flag!r}")
    return flags


@functools.cache
def parse(text: str) -> tuple[str, list[Rule]]:
    """The RewriteBase and the rules of an .htaccess; :class:`Unsupported` for anything else."""
    base, rules, conds, engine = "/", [], [], False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line, posix=False)
        words = [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]
        name, args = words[0], words[1:]
        if name in PASSIVE:
            continue
        if name == "RewriteEngine" and args == ["On"]:
            engine = True
        elif name == "RewriteBase" and len(args) == 1:
            base = args[0]
        elif name == "RewriteCond" and len(args) in (2, 3):
            flags = _flags(args[2] if len(args) == 3 else None, {"NC", "OR"})
            conds.append(Cond(args[0], args[1], "NC" in flags, "OR" in flags))
        elif name == "RewriteRule" and len(args) in (2, 3):
            rules.append(_rule(args, conds))
            conds = []
        else:
            raise Unsupported(f"directive {line!r}")
    if not engine:
        raise Unsupported("RewriteEngine is not On")
    return base, rules


def _rule(args: list[str], conds: list[Cond]) -> Rule:
    rule = Rule(args[0], args[1], conds)
    for flag in _flags(args[2] if len(args) == 3 else None, {"R", "L", "S", "E"}):
        key, _, value = flag.partition("=")
        if key == "R" and value in ("303", "404"):
            rule.redirect = int(value)
        elif key == "L" and not value:
            rule.last = True
        elif key == "S" and value.isdigit():
            rule.skip = int(value)
        elif key == "E" and ":" in value:
            rule.env.append(value)
        else:
            raise Unsupported(f"flag {flag!r}")
    return rule


@dataclass
class Outcome:
    status: int  # 303 (location), 404, or 200 (path: the file served)
    location: str | None = None
    path: str | None = None


def _expand(text: str, rule_groups: tuple[str, ...], cond_groups: tuple[str, ...], vars: dict[str, str]) -> str:
    def var(m: re.Match[str]) -> str:
        if m.group(1) not in VARIABLES:
            raise Unsupported(f"variable {m.group(1)!r}")
        return vars.get(m.group(1), "")

    text = re.sub(r"%\{([^}]+)\}", var, text)
    text = re.sub(r"\$(\d)", lambda m: rule_groups[int(m.group(1)) - 1] or "", text)
    return re.sub(r"%(\d)", lambda m: cond_groups[int(m.group(1)) - 1] or "", text)


def _conds(
    rule: Rule, groups: tuple[str, ...], vars: dict[str, str], exists: Callable[[str], bool]
) -> tuple[bool, tuple[str, ...]]:
    ok, pending_or, last_groups = True, False, ()
    for cond in rule.conds:
        value = _expand(cond.test, groups, last_groups, vars)
        negate, pattern = cond.pattern.startswith("!"), cond.pattern.lstrip("!")
        if pattern == "-f":
            hit = exists(value)
        else:
            m = re.search(pattern, value, re.IGNORECASE if cond.nocase else 0)
            hit = m is not None
            if m and not negate:
                last_groups = m.groups()
        hit = hit != negate
        if cond.ornext:
            pending_or = pending_or or hit
            continue
        ok = ok and (hit or pending_or)
        pending_or = False
    return ok, last_groups


def run(text: str, path: str, headers: dict[str, str], exists: Callable[[str], bool], root: str = "/www") -> Outcome:
    """What Apache answers for ``path`` (under RewriteBase, no query) with these request headers;
    ``exists`` says whether a file (path under the document root) is there."""
    base, rules = parse(text)
    path, _, query = path.partition("?")
    rel = path[len(base) :]
    for _round in range(10):  # per-directory rewrites run again on the new path, until it stays
        vars = {
            "HTTP_ACCEPT": headers.get("Accept", ""),
            "HTTP:Accept-Language": headers.get("Accept-Language", ""),
            "QUERY_STRING": query,
            "DOCUMENT_ROOT": root,
            "REQUEST_FILENAME": f"{root}{base}{rel}",
        }
        changed, i = None, 0
        while i < len(rules):
            rule = rules[i]
            vars["REQUEST_FILENAME"] = f"{root}{base}{rel}"  # per directory, it follows each substitution
            m = re.search(rule.pattern, rel)
            ok, cond_groups = _conds(rule, m.groups(), vars, lambda p: exists(p[len(root) :])) if m else (False, ())
            i += 1
            if not ok:
                continue
            assert m is not None
            if rule.redirect == 404:
                return Outcome(404)
            target = rel if rule.target == "-" else _expand(rule.target, m.groups(), cond_groups, vars)
            if rule.redirect == 303:
                return Outcome(303, location=base + target)
            changed = bool(changed) or target != rel
            rel = target
            i += rule.skip
            if rule.last:
                break
        if not changed:
            break
    return Outcome(200, path=base + rel) if exists(base + rel) else Outcome(404)
