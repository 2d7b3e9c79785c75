// 2-D Taylor: f and its order-0, 1, 2 approximations along the slices through (a, b) (all sampled by the server).
import { board, controls, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  const { box, out } = controls(element);
  const formula = document.createElement("p");
  formula.className = "figure-formula";
  out.after(formula);
  const state = { p: 0, n: 1 };
  let drawn = [];
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const e = data.points[state.p];
    const before = b.objectsList.length;
    polyline(b, data.t, e.f.x, { strokeColor: "#1f5fbf", strokeWidth: 2 });
    polyline(b, data.t, e.f.y, { strokeColor: "#0f766e", strokeWidth: 2 });
    polyline(b, data.t, e.poly[state.n].x, { strokeColor: "#c2410c", strokeWidth: 2, dash: 2 });
    polyline(b, data.t, e.poly[state.n].y, { strokeColor: "#7c3aed", strokeWidth: 2, dash: 2 });
    drawn = b.objectsList.slice(before);
    out.textContent = `Order ${state.n} at (a, b) = (${e.a}, ${e.b}). Horizontal axis: the step t. Blue: f(a + t, b), teal: f(a, b + t); dashed: the order-${state.n} approximation along each.`;
    tools.katex.render(`P_{${state.n}}(x, y) = ${e.latex[state.n]}`, formula, { throwOnError: false });
    element.dataset.order = state.n;
  }
  slider(box, "point", data.points.length - 1, 0, (v) => { state.p = v; update(); });
  slider(box, "order", 2, 1, (v) => { state.n = v; update(); });
  update();
}
