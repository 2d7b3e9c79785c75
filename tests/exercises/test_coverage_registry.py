"""Coverage of the registry's loading rules and messages (mvcalc.exercises.registry)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mvcalc.exercises import registry
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator, SetInfo, UnknownQuestion

META = {"id": "g1", "title": "G", "module": "2", "set": "s", "skills": ["k"], "difficulty": "3"}


def test_module_generators_in_each_form() -> None:
    listed = Generator(Meta.from_dict(META), lambda seed: None)
    assert registry._module_generators(SimpleNamespace(GENERATORS=(listed,))) == [listed]
    (single,) = registry._module_generators(SimpleNamespace(META=META, generate=lambda seed: None))
    assert (single.id, single.META.module, single.META.difficulty, single.META.skills) == ("g1", 2, 3, ("k",))
    assert single.META.kind == "expression"
    assert Meta.from_dict(single.META.to_dict()) == single.META
    assert registry._module_generators(SimpleNamespace(helper=1)) == []  # a helper module


def test_load_refuses_duplicate_ids_and_unknown_sets(monkeypatch) -> None:
    gen = Generator(Meta.from_dict(META), lambda seed: None)
    monkeypatch.setattr(registry, "_module_generators", lambda module: [gen])
    with pytest.raises(ValueError, match="two generators share the id 'g1'"):
        registry._load.__wrapped__()
    calls = iter([[gen]])
    monkeypatch.setattr(registry, "_module_generators", lambda module: next(calls, []))
    with pytest.raises(ValueError, match="generator 'g1' names an unknown set 's'"):
        registry._load.__wrapped__()


def test_unknown_names_list_at_most_eight_known_ones() -> None:
    many = UnknownQuestion("set", "zz", [f"s{i}" for i in range(10)])
    assert str(many) == "no set called 'zz'; try one of: s0, s1, s2, s3, s4, s5, s6, s7, …"
    few = UnknownQuestion("question", "q", ["a", "b"])
    assert str(few) == "no question called 'q'; try one of: a, b"
    assert isinstance(few, KeyError)
    with pytest.raises(UnknownQuestion, match="no question called 'no-such'"):
        registry.get("no-such")
    with pytest.raises(UnknownQuestion, match="no set called 'no-such'"):
        registry.get_set("no-such")


def test_assessment_only_for_graded_sets_and_cycles_generators() -> None:
    ungraded = next(s for s in registry.sets() if not s.graded)
    with pytest.raises(UnknownQuestion, match="no assessment called"):
        registry.assessment(ungraded.id, 1)
    assert ungraded.pass_mark is None and ungraded.to_dict()["pass_mark"] is None
    graded = next(s for s in registry.sets() if s.graded)
    assert graded.pass_mark == registry.PASS_MARK
    row = graded.to_dict()
    assert row["generators"] == list(graded.generators) and row["graded"] is True
    info = SetInfo(id="x", module=1, number=1, title="t", graded=True, length=3, generators=("a", "b"))
    assert info.to_dict()["length"] == 3 and info.pass_mark == registry.PASS_MARK
