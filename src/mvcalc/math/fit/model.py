"""A model to fit, compiled once: its values and its parameter Jacobian on NumPy arrays.

`compile_model` differentiates the model with SymPy and compiles the model and each
partial derivative with `numeric.compile_expr` (closures over NumPy, vectorised over
the data; no generated code). For fitting, `CompiledModel.shared` compiles them once
more as one program over the subexpressions they share (`sympy.cse`), and
`CompiledModel.evaluator` gives one fit its residual and Jacobian from it, the Jacobian
reusing what the residual computed at the same parameters. `cached_model` keeps
compiled models per (model, data columns, parameters) in a bounded LRU cache, so
refitting the same model (another start, other data) skips parsing, differentiating
and compiling.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import sympy as sp

from mvcalc.errors import MvcalcError
from mvcalc.math.numeric import NumpyFn, UnsupportedExpression, compile_expr

CACHE_SIZE = 128  # compiled models kept (least recently used dropped first)


class FitError(MvcalcError):
    """The fit cannot be set up: unknown names, mismatched data, unsupported model."""


@dataclass(frozen=True)
class Shared:
    """The model and its partials as one program: `steps` are the common subexpressions in
    evaluation order (name, function, whether the model's value needs it, whether it
    depends on the parameters), then `value` and `partials` read the data, the parameters
    and those names."""

    steps: tuple[tuple[str, NumpyFn, bool, bool], ...]
    value: NumpyFn
    partials: tuple[NumpyFn, ...]


@dataclass(frozen=True)
class CompiledModel:
    """A model and its parameter Jacobian, compiled once for NumPy.

    `value` and `partials` are compiled each on its own (`__call__`, `jacobian`); `shared`
    (built on first use) is the same sharing their common subexpressions, which
    `evaluator` uses: a Gaussian's exponential is then computed once for the model and
    its four partials, not five times. Immutable apart from that one-time build, so one
    compiled model serves every thread.
    """

    expr: sp.Expr
    predictors: tuple[str, ...]
    names: tuple[str, ...]
    value: NumpyFn
    partials: tuple[NumpyFn, ...]
    derivatives: tuple[sp.Expr, ...] = ()  # ∂model/∂parameter as SymPy, in `names` order

    def __call__(self, data: Mapping[str, np.ndarray], b: np.ndarray, n: int | None = None) -> np.ndarray:
        """The model's values at every data point for the parameter vector b (n points: needed
        only when the model uses no data column, as a constant model does)."""
        n = _points(data, n)
        return np.broadcast_to(self.value(self._env(data, b)), (n,))

    def jacobian(self, data: Mapping[str, np.ndarray], b: np.ndarray, n: int | None = None) -> np.ndarray:
        """∂f/∂b_j at every point: an n × p array."""
        n = _points(data, n)
        env = self._env(data, b)
        return np.column_stack([np.broadcast_to(p(env), (n,)) for p in self.partials])

    @cached_property
    def shared(self) -> Shared:
        """The model and its partials with their common subexpressions computed once."""
        return _shared(self.expr, self.predictors, self.names, self.derivatives)

    def evaluator(self, data: Mapping[str, np.ndarray], y: np.ndarray,
                  weight: np.ndarray | float = 1.0) -> tuple[Callable, Callable]:
        """(residual, jacobian) of one fit: r(b) = (y − f(b))·w and ∂r/∂b, an n × p array
        with contiguous columns (cheap JᵀJ and Jᵀr).

        Both run the shared program; the Jacobian at the parameters of the last residual
        reuses the subexpressions that evaluation computed (a solver asks for J where it
        has just accepted a step).
        """
        n = y.size
        scale = -np.asarray(weight, dtype=float)
        unweighted = scale.ndim == 0 and float(scale) == -1.0
        program = self.shared
        base = dict(data)
        with np.errstate(all="ignore"):  # what the data alone decide, once per fit (ENSO's cos(πx/6))
            for name, fn, _, varies in program.steps:
                if not varies:
                    base[name] = fn(base)
        model_steps = [(name, fn) for name, fn, for_model, varies in program.steps
                       if for_model and varies]
        other_steps = [(name, fn) for name, fn, for_model, varies in program.steps
                       if varies and not for_model]
        names = self.names
        last: dict[str, Any] = {}

        def env_at(b: np.ndarray) -> dict:
            """The data, the parameters and the subexpressions the model's value needs."""
            env = base.copy()
            env.update(zip(names, np.asarray(b, dtype=float).tolist(), strict=True))
            for name, fn in model_steps:
                env[name] = fn(env)
            return env

        def residual(b: np.ndarray) -> np.ndarray:
            env = env_at(b)
            last["b"], last["env"] = np.asarray(b, dtype=float).tobytes(), env
            value = program.value(env)
            return y - value if unweighted else (y - value) * weight

        def jacobian(b: np.ndarray) -> np.ndarray:
            env = last.get("env")
            if env is None or last["b"] != np.asarray(b, dtype=float).tobytes():
                env = env_at(b)
            for name, fn in other_steps:
                env[name] = fn(env)
            out = np.empty((len(program.partials), n)).T
            with np.errstate(all="ignore"):
                for j, partial in enumerate(program.partials):
                    np.multiply(partial(env), scale, out=out[:, j])
            return out

        return residual, jacobian

    def _env(self, data, b) -> dict:
        env = dict(data)
        env.update({name: float(v) for name, v in zip(self.names, b, strict=True)})
        return env


def _points(data: Mapping[str, np.ndarray], n: int | None) -> int:
    if n is not None:
        return n
    if not data:
        raise FitError("the model uses no data column: say how many points there are")
    return len(next(iter(data.values())))


def _fresh_prefix(taken: set[str]) -> str:
    prefix = "_cse"
    while any(name.startswith(prefix) for name in taken):
        prefix += "_"
    return prefix


def _check(expr: sp.Expr, predictors: Sequence[str], names: Sequence[str]) -> dict[str, sp.Symbol]:
    symbols = {s.name: s for s in expr.free_symbols}
    unknown = set(symbols) - set(predictors) - set(names)
    if unknown:
        raise FitError(f"the model uses {', '.join(sorted(unknown))}, which is neither data nor a parameter")
    unused = [n for n in names if n not in symbols]
    if unused:
        raise FitError(f"the model does not depend on the parameter(s) {', '.join(unused)}")
    return symbols


def compile_model(expr: sp.Expr, predictors: Sequence[str], names: Sequence[str]) -> CompiledModel:
    """Compile the model and each ∂model/∂parameter (from `sympy.diff`) for NumPy."""
    symbols = _check(expr, predictors, names)
    every = list(predictors) + list(names)
    derivatives = tuple(sp.diff(expr, symbols[n]) for n in names)
    try:
        value = compile_expr(expr, every)
        partials = tuple(compile_expr(p, every) for p in derivatives)
    except UnsupportedExpression as exc:
        raise FitError(str(exc)) from None
    return CompiledModel(expr, tuple(predictors), tuple(names), value, partials, derivatives)


def _shared(expr: sp.Expr, predictors: tuple[str, ...], names: tuple[str, ...],
            derivatives: tuple[sp.Expr, ...] = ()) -> Shared:
    """The model and its partials as one program over their common subexpressions (`sympy.cse`)."""
    symbols = _check(expr, predictors, names)
    partials = list(derivatives) or [sp.diff(expr, symbols[n]) for n in names]
    prefix = _fresh_prefix(set(symbols) | set(predictors) | set(names))
    replacements, reduced = sp.cse([expr, *partials], symbols=sp.numbered_symbols(prefix, real=True))
    needed = {s.name for s in reduced[0].free_symbols}
    for sym, sub in reversed(replacements):  # what the model's value needs, transitively
        if sym.name in needed:
            needed |= {s.name for s in sub.free_symbols}
    every = list(predictors) + list(names)
    steps = []
    varying = set(names)
    for sym, sub in replacements:
        varies = any(s.name in varying for s in sub.free_symbols)
        if varies:
            varying.add(sym.name)
        steps.append((sym.name, compile_expr(sub, every), sym.name in needed, varies))
        every.append(sym.name)
    return Shared(tuple(steps), compile_expr(reduced[0], every),
                  tuple(_compile_part(p, every) for p in reduced[1:]))


def _compile_part(expr: sp.Expr, names: list[str]) -> NumpyFn:
    """`compile_expr`, minus its per-call wrapper for a partial that is a number or one name
    (a linear parameter's partial, or a shared subexpression)."""
    if expr.is_Symbol:
        name = expr.name
        return lambda env: env[name]
    if expr.is_Number:
        value = np.float64(expr)
        return lambda env: np.asarray(value)
    return compile_expr(expr, names)


def as_expr(model, variables: Sequence[str]) -> sp.Expr:
    """The model as a SymPy expression: text is read by mvcalc's parser, never sympify."""
    if isinstance(model, sp.Expr):
        return model
    if not isinstance(model, str):
        raise FitError("the model must be text or a SymPy expression")
    from mvcalc.math.input.reader import InputError, parse  # the parser owns learner text

    try:
        expr = parse(model, variables=list(variables))
    except InputError as exc:
        raise FitError(f"cannot read the model: {exc}") from None
    if isinstance(expr, sp.MatrixBase) or not isinstance(expr, sp.Expr):  # an ImmutableMatrix is an Expr
        raise FitError("the model must be a single expression, not a matrix")
    return expr


@lru_cache(maxsize=CACHE_SIZE)
def cached_model(model: str | sp.Expr, predictors: tuple[str, ...], names: tuple[str, ...]) -> CompiledModel:
    """`compile_model(as_expr(model))`, kept per (model, predictors, names) in a bounded LRU
    cache (`cached_model.cache_info()` counts its hits). Errors are raised, not cached."""
    return compile_model(as_expr(model, list(predictors) + list(names)), predictors, names)
