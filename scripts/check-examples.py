#!/usr/bin/env python3
"""Checks every code example in a roadmap with the tools this machine has.

Each topic's `examples` are written to a scratch directory and checked by
their `lang`, as far as the tools present allow, offline:

    python       python3 -m py_compile (syntax)
    javascript   node --check (syntax; ES module when it imports or exports)
    typescript   tsc from the npm cache (npx --offline); a syntax error fails,
                 type errors that only say declarations are missing (no
                 node_modules offline) are counted, not failed. Without tsc,
                 node --experimental-strip-types --check where node has it
    go           gofmt -e (syntax); with only standard-library imports,
                 go vet as well (types)
    sql          pglast or sqlglot (PostgreSQL syntax), when installed
    yaml         PyYAML's safe_load_all, when installed
    json         Python's json module
    dockerfile   every instruction is one Docker knows
    anything else, or a tool that is missing: skipped, saying why

One line per example: ok, failed or skipped, the example's place
(`topic#n`), its language and title, and what was checked or went wrong.
Exits 1 when any example failed.

    scripts/check-examples.py [ROADMAP]

ROADMAP defaults to roadmap.toml beside this script's directory.
"""

import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

TIMEOUT = 120

# TypeScript diagnostics that only say a declaration is missing, and those
# that follow from it (an untyped parameter, a member of a type guessed
# without Node's declarations).
MISSING_DECLARATIONS = {"2307", "2580", "2591", "2304", "2339", "2503", "7006", "7016", "7031"}

DOCKER_INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
    "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
    "WORKDIR",
}


class Skip(Exception):
    """The example cannot be checked here; the message says why."""


class Fail(Exception):
    """The example is wrong; the message says how."""


def run(command, cwd, env=None):
    """Runs a command; (exit code, combined output)."""
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise Fail(f"{command[0]} took longer than {TIMEOUT} s")
    return done.returncode, (done.stdout + done.stderr).strip()


def first_line(text):
    """The first line that says something: not blank, not a `# package` header."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("# ")]
    return lines[0].strip() if lines else "no output"


def need(tool):
    if shutil.which(tool) is None:
        raise Skip(f"{tool} is not installed")


def check_python(path, code):
    need("python3")
    status, output = run(["python3", "-m", "py_compile", path.name], path.parent)
    if status != 0:
        raise Fail(output.splitlines()[-1].strip() if output else "py_compile failed")
    return "python3 -m py_compile: syntax"


def check_javascript(path, code):
    need("node")
    module = re.search(r"^\s*(import|export)\b", code, re.MULTILINE)
    target = path.with_suffix(".mjs" if module else ".cjs")
    path.rename(target)
    status, output = run(["node", "--check", target.name], path.parent)
    if status != 0:
        raise Fail(first_error(output))
    return "node --check: syntax"


def first_error(output):
    for line in output.splitlines():
        if "Error" in line:
            return line.strip()
    return first_line(output)


def check_typescript(path, code):
    need("npx")
    command = [
        "npx", "--yes", "--offline", "-p", "typescript", "tsc", "--noEmit", "--pretty", "false",
        "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler",
        path.name,
    ]
    status, output = run(command, path.parent)
    if "only-if-cached" in output or "ENOTCACHED" in output:
        return strip_types_check(path)
    diagnostics = re.findall(r"error TS(\d+): (.*)", output)
    if status != 0 and not diagnostics:
        raise Skip(f"tsc did not run: {first_line(output)}")
    syntax = [(code, text) for code, text in diagnostics if code.startswith("1")]
    real = [(code, text) for code, text in diagnostics if code not in MISSING_DECLARATIONS]
    if syntax or real:
        code, text = (syntax or real)[0]
        raise Fail(f"TS{code}: {text}")
    if diagnostics:
        modules = sorted(set(re.findall(r"Cannot find (?:module|name) '([^']+)'", output)))
        return (
            f"tsc: syntax, and types where declared ({len(diagnostics)} diagnostics "
            f"left for missing declarations: {', '.join(modules) or 'untyped values'})"
        )
    return "tsc: syntax and types"


def strip_types_check(path):
    """Without tsc: node's own type stripping, then a syntax check, where
    this node has it (22.6 and later)."""
    status, _ = run(["node", "--experimental-strip-types", "-e", ""], path.parent)
    if status != 0:
        raise Skip("typescript is not in the npm cache, and this node cannot strip types")
    target = path.with_suffix(".mts")
    path.rename(target)
    status, output = run(["node", "--experimental-strip-types", "--check", target.name], path.parent)
    if status != 0:
        raise Fail(first_error(output))
    return "node --experimental-strip-types --check: syntax (tsc not in the npm cache)"


def check_go(path, code):
    need("gofmt")
    status, output = run(["gofmt", "-e", "-l", path.name], path.parent)
    if status != 0:
        raise Fail(first_line(output))
    imports = re.findall(r'^\s*(?:[\w.]+\s+)?"([^"]+)"', import_block(code), re.MULTILINE)
    third_party = [name for name in imports if "." in name.split("/")[0]]
    if third_party or shutil.which("go") is None:
        why = f"imports {third_party[0]}" if third_party else "go is not installed"
        return f"gofmt -e: syntax (types not checked: {why})"
    (path.parent / "go.mod").write_text("module example\n\ngo 1.22\n")
    env = dict(os.environ, GOPROXY="off", GOFLAGS="-mod=mod", GOTOOLCHAIN="local")
    status, output = run(["go", "vet", "./..."], path.parent, env)
    if status != 0:
        raise Fail(first_line(output))
    return "gofmt -e and go vet: syntax and types"


def import_block(code):
    blocks = re.findall(r"^import\s*\((.*?)\)", code, re.MULTILINE | re.DOTALL)
    singles = re.findall(r"^import\s+(.*)$", code, re.MULTILINE)
    return "\n".join(blocks + singles)


def check_sql(path, code):
    if importlib.util.find_spec("pglast"):
        import pglast

        try:
            pglast.parse_sql(code)
        except pglast.parser.ParseError as error:
            raise Fail(f"pglast: {error}")
        return "pglast: PostgreSQL syntax"
    if importlib.util.find_spec("sqlglot"):
        import sqlglot

        try:
            sqlglot.parse(code, read="postgres")
        except sqlglot.errors.ParseError as error:
            raise Fail(f"sqlglot: {first_line(str(error))}")
        return "sqlglot: PostgreSQL syntax"
    raise Skip("no PostgreSQL parser here (pip install pglast, or sqlglot)")


def check_yaml(path, code):
    if importlib.util.find_spec("yaml") is None:
        raise Skip("PyYAML is not installed")
    import yaml

    try:
        list(yaml.safe_load_all(code))
    except yaml.YAMLError as error:
        raise Fail(f"YAML: {first_line(str(error))}")
    return "PyYAML safe_load_all: syntax"


def check_json(path, code):
    try:
        json.loads(code)
    except json.JSONDecodeError as error:
        raise Fail(f"JSON: {error}")
    return "json: syntax"


def check_dockerfile(path, code):
    continued = False
    for number, line in enumerate(code.splitlines(), 1):
        text = line.strip()
        if continued:
            continued = text.endswith("\\")
            continue
        if not text or text.startswith("#"):
            continue
        instruction = text.split()[0].upper()
        if instruction not in DOCKER_INSTRUCTIONS:
            raise Fail(f"line {number}: `{text.split()[0]}` is not a Dockerfile instruction")
        continued = text.endswith("\\")
    return "every instruction is one Docker knows (no build)"


CHECKS = {
    "python": ("py", check_python),
    "javascript": ("js", check_javascript),
    "typescript": ("ts", check_typescript),
    "go": ("go", check_go),
    "sql": ("sql", check_sql),
    "yaml": ("yaml", check_yaml),
    "json": ("json", check_json),
    "dockerfile": ("Dockerfile", check_dockerfile),
}


def examples(roadmap):
    """(place, lang, title, code) of every example, in roadmap order."""
    for phase in roadmap.get("phases", []):
        for topic in phase.get("topics", []):
            for number, example in enumerate(topic.get("examples", []), 1):
                yield (
                    f"{topic.get('id', '?')}#{number}",
                    example.get("lang", ""),
                    example.get("title", ""),
                    example.get("code", ""),
                )


def check(place, lang, code, scratch):
    """(status, detail) for one example."""
    if lang == "text":
        return "skipped", "plain text, nothing to run"
    if lang not in CHECKS:
        return "skipped", f"no checker for `{lang}` here"
    suffix, checker = CHECKS[lang]
    directory = pathlib.Path(tempfile.mkdtemp(prefix=place.replace("#", "-") + "-", dir=scratch))
    path = directory / f"example.{suffix}"
    path.write_text(code)
    try:
        return "ok", checker(path, code)
    except Skip as why:
        return "skipped", str(why)
    except Fail as why:
        return "failed", str(why)


def main():
    default = pathlib.Path(__file__).resolve().parent.parent / "roadmap.toml"
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    try:
        roadmap = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    counts = {"ok": 0, "failed": 0, "skipped": 0}
    with tempfile.TemporaryDirectory(prefix="trek-examples-") as scratch:
        for place, lang, title, code in examples(roadmap):
            status, detail = check(place, lang, code, scratch)
            counts[status] += 1
            print(f"{status:<8} {place:<18} {lang:<11} {title}: {detail}", flush=True)
    print(f"{counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
