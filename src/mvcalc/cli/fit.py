"""`mvcalc fit`: least-squares fit of a model to a CSV file or a NIST StRD file."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mvcalc import datasets
from mvcalc.cli.optimize import fail, read_expression
from mvcalc.cli.output import math_json
from mvcalc.math.fit.nist import StrdDataset, StrdFormatError, digits_of_agreement, parse_strd
from mvcalc.math.fit.nonlinear import METHODS, FitError, fit

MAX_BYTES = 50_000_000


def read_table(path: Path) -> tuple[dict[str, np.ndarray], StrdDataset | None]:
    """Columns by name from a CSV file with a header row, or from a NIST StRD file."""
    if not path.is_file():
        fail(f"no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        fail(f"{path} is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {exc}")
    if text.startswith("NIST/ITL StRD"):
        try:
            data = parse_strd(text)
        except StrdFormatError as exc:
            fail(f"{path}: {exc}")
        return {**data.x, "y": data.y}, data
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        fail(f"{path} needs a header row and at least one row of numbers")
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header):
        fail(f"{path}: a column name appears twice in the header")
    columns: dict[str, list[float]] = {h: [] for h in header}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            fail(f"{path}, line {number}: {len(row)} values for {len(header)} columns")
        for name, cell in zip(header, row, strict=True):
            try:
                columns[name].append(float(cell))
            except ValueError:
                fail(f"{path}, line {number}: {cell.strip()!r} in column {name} is not a number")
    return {k: np.array(v) for k, v in columns.items()}, None


def read_start(text: str | None, data: StrdDataset | None) -> dict[str, float]:
    """`b1=500,b2=1e-4`, or for a NIST file `1`/`2` (its starting points; 1 by default)."""
    if data is not None and (text is None or text.strip() in ("1", "2")):
        return dict(data.starts[int(text or 1) - 1])
    if text is None:
        fail("--start is needed: first guesses such as b1=500,b2=1e-4")
    start: dict[str, float] = {}
    for part in text.split(","):
        name, eq, value = part.partition("=")
        name = name.strip()
        if not eq or not name.isidentifier():
            fail(f"--start takes name=value pairs separated by commas, not {part.strip()!r}")
        try:
            start[name] = float(value)
        except ValueError:
            fail(f"--start: {value.strip()!r} for {name} is not a number")
        if not math.isfinite(start[name]):
            fail(f"--start: the value for {name} must be finite")
    return start


def fit_command(
    model: str = typer.Argument(None, help='The model in the input language, e.g. "b1*(1-exp(-b2*x))"; optional for a NIST file.'),
    data_file: Path = typer.Option(None, "--data", help="A CSV file with a header row, or a NIST StRD .dat file."),
    nist_name: str = typer.Option(None, "--nist", help="One of the 27 NIST StRD problems shipped with mvcalc, e.g. Misra1a."),
    y: str = typer.Option(None, "--y", help="The column to fit (y for a NIST file)."),
    start: str = typer.Option(None, "--start", help="First guesses, e.g. b1=500,b2=1e-4 (for a NIST file: 1 or 2)."),
    sigma: str = typer.Option(None, "--sigma", help="A column of per-point uncertainties: the RSS becomes χ²."),
    method: str = typer.Option("auto", "--method", help="auto | lm | gauss-newton | steepest."),
    max_steps: int = typer.Option(None, "--max-steps", min=1, max=1_000_000, help="Iteration limit."),
    aggression: float = typer.Option(None, "--aggression", help="steepest: the course's fixed step −aggression·∇χ² (no line search)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Fit MODEL to the data by least squares: parameters, standard errors, RSS and a verdict."""
    if method not in METHODS:
        fail(f"--method must be one of {', '.join(METHODS)}")
    if aggression is not None and (method != "steepest" or not (math.isfinite(aggression) and aggression > 0)):
        fail("--aggression is a positive number, used with --method steepest")
    if (data_file is None) == (nist_name is None):
        fail("give the data: --data FILE or --nist NAME (one of them)")
    if nist_name is not None:
        try:
            nist = datasets.nist(nist_name)
        except datasets.DatasetError as exc:
            fail(exc.message)
        columns, data_file = {**nist.x, "y": nist.y}, Path(f"{nist.name}.dat")
    else:
        columns, nist = read_table(data_file)
    y = y or ("y" if nist is not None else None)
    if y is None:
        fail("--y is needed: the name of the column to fit")
    if y not in columns:
        fail(f"no column {y!r} in {data_file} (it has {', '.join(columns)})")
    start_values = read_start(start, nist)
    response = columns[y]
    if model is None:
        if nist is None:
            fail("give the model, e.g. \"b1*(1-exp(-b2*x))\"")
        model = nist.model
        response = nist.response_values()
    sigma_values = None
    if sigma is not None:
        if sigma not in columns:
            fail(f"no column {sigma!r} for --sigma in {data_file}")
        sigma_values = columns[sigma]
    candidates = [c for c in columns if c.isidentifier() and c not in (y, sigma)]
    clash = set(candidates) & set(start_values)
    if clash:
        fail(f"{', '.join(sorted(clash))} is both a column and a parameter")
    expr = read_expression(model, candidates + list(start_values), "the model")
    used = {s.name for s in expr.free_symbols}
    predictors = {c: columns[c] for c in candidates if c in used}
    try:
        result = fit(expr, predictors, response, start_values, sigma=sigma_values, method=method,
                     max_iter=max_steps, aggression=aggression)
    except FitError as exc:
        fail(str(exc))
    certified = nist.certified if nist is not None and model == nist.model else None
    if as_json:
        out = result.to_dict()
        if certified:
            out["certified"] = certified
            out["digits"] = {b: digits_of_agreement(result.parameters[b], c) for b, c in certified.items()}
        typer.echo(math_json(out))
        return
    console = Console()
    table = Table("parameter", "value", "standard error", *(["certified", "digits"] if certified else []))
    for name in result.names:
        row = [name, f"{result.parameters[name]:.11g}", f"{result.stderr[name]:.5g}"]
        if certified:
            row += [f"{certified[name]:.11g}", f"{digits_of_agreement(result.parameters[name], certified[name]):.1f}"]
        table.add_row(*row)
    console.print(table)
    label = "χ²" if result.weighted else "RSS"
    console.print(f"{label} = {result.rss:.10g}, residual SD = {result.residual_sd:.6g}, "
                  f"{result.dof} degrees of freedom, {result.evaluations} model evaluations")
    console.print(Text(result.message, style="bold green" if result.converged else "bold yellow"))


def register(app: typer.Typer) -> None:
    """Add fit to the app."""
    app.command("fit", context_settings={"ignore_unknown_options": True})(fit_command)
