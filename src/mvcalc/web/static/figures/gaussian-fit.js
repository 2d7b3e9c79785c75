// A Gaussian fit stepping down χ²: the server ran the fit (mvcalc.math.fit, fixed-step steepest descent) and sent
// its path, the χ² contours over (μ, σ) and the fitted curve at every step; the step slider picks one.
import { board, controls, every, fmt, num, polyline, slider, valuesTable } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const map = board(tools.JXG, element, data.bbox);
  data.contours.forEach((lines) => lines.forEach(([xs, ys]) => polyline(map, xs, ys, { strokeColor: "#94a3b8", strokeWidth: 1 })));
  const second = document.createElement("div");
  second.className = "plot-area";
  second.id = `${element.id}-histogram`;
  second.setAttribute("aria-label", "The histogram and the fitted Gaussian");
  element.after(second);
  const hist = board(tools.JXG, second, data.hist_bbox);
  data.bins.x.forEach((x, i) => hist.create("point", [x, data.bins.y[i]], { name: "", size: 1.5, fixed: true, color: "#1f5fbf", showInfobox: false }));
  const { box, out } = controls(second);
  let drawn = [];
  function update(k) {
    drawn.forEach((o) => o.board.removeObject(o));
    const beforeMap = map.objectsList.length;
    polyline(map, data.path.slice(0, k + 1).map((p) => p[0]), data.path.slice(0, k + 1).map((p) => p[1]), { strokeColor: "#c2410c", strokeWidth: 2 });
    const beforeHist = hist.objectsList.length;
    polyline(hist, data.xs, data.curves[k], { strokeColor: "#c2410c", strokeWidth: 2 });
    drawn = [...map.objectsList.slice(beforeMap), ...hist.objectsList.slice(beforeHist)];
    drawn.push(map.create("point", data.path[k], { name: "", size: 3, fixed: true, color: "#c2410c", showInfobox: false }));
    out.textContent = `Step ${k}: μ = ${fmt(data.path[k][0], 3)}, σ = ${fmt(data.path[k][1], 3)}, χ² = ${Number(data.chi2[k]).toExponential(3)}. Top: the path on the contours of log χ² over (μ, σ); bottom: the histogram and the Gaussian at this step.`;
    element.dataset.step = k;
  }
  slider(box, "step", data.path.length - 1, data.path.length - 1, update, (k) => `step ${k}`);
  update(data.path.length - 1);
  const rows = every(data.path.length, 11);
  valuesTable(out, {
    caption: "The fit's path: μ, σ and χ² at every few steps", corner: "step", columns: ["μ", "σ", "χ²"],
    rows: rows.map(String),
    cell: (r, c) => num(c < 2 ? data.path[rows[r]][c] : data.chi2[rows[r]]),
  });
}

export function describe(data) {
  const last = data.path.length - 1;
  return `Two plots. Top: grey contours of log χ² over (μ, σ) and, in orange, the path of the fit from (${num(data.path[0][0])}, ${num(data.path[0][1])}) `
    + `to (${num(data.path[last][0])}, ${num(data.path[last][1])}) in ${last} steps. Bottom: a histogram of the data (blue dots) and, in orange, `
    + "the Gaussian at the step the slider chooses.";
}
