// Rise over run: the secant through (a, f(a)) and (a+h, f(a+h)); as h shrinks its slope approaches f′(a) (server values).
import { board, controls, curveSummary, fmt, num, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  polyline(b, data.curve.x, data.curve.y, { strokeColor: "#1f5fbf", strokeWidth: 2 });
  const { box, out } = controls(element);
  const state = { a: data.start, h: 0 };
  const p = b.create("point", [0, 0], { name: "P", fixed: true, color: "#c2410c", showInfobox: false });
  const q = b.create("point", [0, 0], { name: "Q", fixed: true, color: "#15803d", showInfobox: false });
  b.create("line", [p, q], { strokeColor: "#c2410c", dash: 2, fixed: true, highlight: false });
  function update() {
    const row = data.anchors[state.a];
    const h = data.h[state.h];
    p.setPosition(tools.JXG.COORDS_BY_USER, [row.a, row.fa]);
    q.setPosition(tools.JXG.COORDS_BY_USER, [row.a + h, row.fah[state.h]]);
    b.update();
    out.textContent = `a = ${fmt(row.a, 2)}, h = ${h}: rise/run = ${fmt(row.slope[state.h], 5)}; the tangent's slope f′(a) = ${fmt(data.derivative[state.a], 5)}`;
    element.dataset.slope = row.slope[state.h];
  }
  slider(box, "a", data.anchors.length - 1, state.a, (v) => { state.a = v; update(); }, (v) => `a = ${fmt(data.anchors[v].a, 2)}`);
  slider(box, "h (shrinks →)", data.h.length - 1, 0, (v) => { state.h = v; update(); }, (v) => `h = ${data.h[v]}`);
  update();
}

export function describe(data) {
  return `The curve $y = ${data.latex}$ (blue), ${curveSummary(data.curve.x, data.curve.y)}. A dashed orange line, the secant, `
    + `passes through P = (a, f(a)) and Q = (a + h, f(a + h)). The sliders move a and shrink h from ${num(data.h[0])} `
    + `to ${num(data.h[data.h.length - 1])}; as h shrinks, the secant's slope approaches the tangent's slope $f'(a) = ${data.derivative_latex}$.`;
}
