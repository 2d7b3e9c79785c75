"""For authors: per set, the question kinds, generators, distinct variants per N seeds, diagnoses.

`coverage(seeds=50)` generates every question for seeds 0..N−1 and counts
distinct variants (prompt, answer and options) and the distinct mistakes
(buggy-rule ids) the set can name.
"""

from __future__ import annotations

from collections.abc import Callable

from mvcalc.exercises import registry


def _variant(q) -> tuple:
    return (q.prompt, q.answer_text, tuple(c.text for c in q.choices),
            tuple(str(c.figure) for c in q.choices))


def coverage(seeds: int = 50, progress: Callable[[str], None] | None = None) -> list[dict]:
    """One row per set: id, title, kinds, generators, variants (min/total per generator), diagnoses."""
    rows = []
    for info in registry.sets():
        kinds, variants, rules = set(), {}, set()
        for gid in info.generators:
            gen = registry.get(gid)
            seen = set()
            for seed in range(seeds):
                q = gen.generate(seed)
                kinds.add(q.kind)
                seen.add(_variant(q))
                rules.update(m.rule for m in q.buggy)
            variants[gid] = len(seen)
            if progress:
                progress(gid)
        rows.append({
            "set": info.id,
            "title": info.title,
            "graded": info.graded,
            "kinds": sorted(kinds),
            "generators": len(info.generators),
            "variants": variants,
            "min_variants": min(variants.values()),
            "diagnoses": sorted(rules),
        })
    return rows


def markdown(rows: list[dict], seeds: int) -> str:
    """The coverage as a Markdown table."""
    lines = [
        f"| set | question kinds | generators | distinct variants per {seeds} seeds (min / sum) | diagnoses covered |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| `{r['set']}`{' (graded)' if r['graded'] else ''} | {', '.join(r['kinds'])} | {r['generators']} | "
            f"{r['min_variants']} / {sum(r['variants'].values())} | {len(r['diagnoses'])}: "
            + ", ".join(r["diagnoses"]) + " |"
        )
    return "\n".join(lines)
