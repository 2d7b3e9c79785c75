// Taylor series explorer: the server sent Pₙ and |f − Pₙ| for every point and order; sliders pick which to draw.
import { board, controls, curveSummary, fmt, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  polyline(b, data.x, data.f, { strokeColor: "#1f5fbf", strokeWidth: 2 });
  const { box, out } = controls(element);
  const formula = document.createElement("p");
  formula.className = "figure-formula";
  out.after(formula);
  const state = { p: 0, n: 1 };
  let drawn = [];
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const s = data.series[state.p];
    const before = b.objectsList.length;
    polyline(b, data.x, s.poly[state.n], { strokeColor: "#c2410c", strokeWidth: 2, dash: 2 });
    polyline(b, data.x, s.error[state.n], { strokeColor: "#15803d", strokeWidth: 1 });
    drawn = b.objectsList.slice(before);
    drawn.push(b.create("point", [s.a, s.fa], { name: "a", fixed: true, size: 3, color: "#c2410c", showInfobox: false }));
    const good = data.x.filter((x, i) => s.error[state.n][i] !== null && s.error[state.n][i] < 0.05);
    const where = good.length ? `|f − P| < 0.05 for x from ${fmt(Math.min(...good), 2)} to ${fmt(Math.max(...good), 2)} on this range` : "|f − P| ≥ 0.05 everywhere on this range";
    out.textContent = `Order ${state.n} about a = ${s.a}: the dashed curve is Pₙ, the green one its error; ${where}.`;
    tools.katex.render(`P_{${state.n}}(x) = ${s.latex[state.n]}`, formula, { throwOnError: false, output: "htmlAndMathml" });
    element.dataset.order = state.n;
  }
  slider(box, "point a", data.series.length - 1, 0, (v) => { state.p = v; update(); }, (v) => `a = ${data.series[v].a}`);
  slider(box, "order n", data.series[0].poly.length - 1, 1, (v) => { state.n = v; update(); }, (v) => `order ${v}`);
  update();
}

export function describe(data) {
  return `The curve $f(x) = ${data.latex}$ in blue, ${curveSummary(data.x, data.f)}. Dashed orange: its Taylor polynomial of the order `
    + "the slider chooses, about the point a the other slider chooses; green: the error |f − Pₙ|, small near a.";
}
