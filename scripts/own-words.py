#!/usr/bin/env python3
"""Checks that the roadmap's text is in its own words.

Facts and structure may come from anywhere; sentences may not. This prints
every run of N words (8 by default) that the roadmap's text shares with any
of the source roadmaps, and exits 1 when there is one.

    scripts/own-words.py [ROADMAP] [SEEDS_DIR] [--words N]

ROADMAP defaults to roadmap.toml, SEEDS_DIR to ../shared/seeds beside the
repository. Words are compared lower-cased, with punctuation dropped.
"""

import pathlib
import re
import sys
import tomllib

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text):
    return WORD.findall(text.lower())


def strings(value):
    """Every string in a TOML value, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def runs(tokens, n):
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def main(argv):
    n = 8
    if "--words" in argv:
        at = argv.index("--words")
        n = int(argv[at + 1])
        del argv[at : at + 2]
    root = pathlib.Path(__file__).resolve().parent.parent
    roadmap = pathlib.Path(argv[0]) if argv else root / "roadmap.toml"
    seeds = pathlib.Path(argv[1]) if len(argv) > 1 else root.parent / "shared" / "seeds"
    sources = sorted(seeds.glob("*.txt"))
    if not sources:
        print(f"no source roadmaps (*.txt) in {seeds}", file=sys.stderr)
        return 2
    seen = {}
    for source in sources:
        for run in runs(words(source.read_text(encoding="utf-8")), n):
            seen.setdefault(run, source.name)
    document = tomllib.loads(roadmap.read_text(encoding="utf-8"))
    found = 0
    for text in strings(document):
        for run in sorted(runs(words(text), n)):
            if run in seen:
                found += 1
                print(f"{seen[run]}: {' '.join(run)}")
    if found:
        print(f"{found} runs of {n} words match the sources", file=sys.stderr)
        return 1
    print(f"ok: no run of {n} words matches {len(sources)} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
