// Newton–Raphson from a chosen start: the path and its verdict were computed by the server's Newton engine.
import { board, controls, curveSummary, fmt, num, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  polyline(b, data.curve.x, data.curve.y, { strokeColor: "#1f5fbf", strokeWidth: 2 });
  const { box, out } = controls(element);
  let drawn = [];
  function update(i) {
    drawn.forEach((o) => b.removeObject(o));
    drawn = [];
    const run = data.runs[i];
    run.path.forEach((x, k) => {
      if (x === null || run.f[k] === null) return;
      drawn.push(b.create("point", [x, run.f[k]], { name: k === 0 ? "x₀" : "", size: 2, fixed: true, color: "#c2410c", showInfobox: false }));
      const next = run.path[k + 1];
      if (next !== null && next !== undefined) {
        drawn.push(b.create("segment", [[x, run.f[k]], [next, 0]], { strokeColor: "#c2410c", dash: 2, fixed: true, highlight: false }));
        drawn.push(b.create("segment", [[next, 0], [next, run.f[k + 1] ?? 0]], { strokeColor: "#999", fixed: true, highlight: false }));
      }
    });
    const where = run.root === null ? "" : ` to the root ${fmt(run.root, 6)}`;
    out.textContent = `x₀ = ${fmt(run.x0, 2)}: ${run.verdict}${where}${run.reason ? ` (${run.reason})` : ""}.`;
    element.dataset.verdict = run.verdict;
  }
  slider(box, "x₀", data.runs.length - 1, data.start, update, (i) => `x₀ = ${fmt(data.runs[i].x0, 2)}`);
  update(data.start);
}

export function describe(data) {
  const ends = data.runs.filter((r) => r.root !== null).length;
  return `The curve $y = ${data.latex}$ (blue), ${curveSummary(data.curve.x, data.curve.y)}. The slider picks the starting point x₀ `
    + `(${data.runs.length} choices from ${num(data.runs[0].x0)} to ${num(data.runs[data.runs.length - 1].x0)}); orange dots are the Newton–Raphson steps, `
    + `each following the tangent down to the x-axis. ${ends} of the starting points ${ends === 1 ? "reaches" : "reach"} a root.`;
}
