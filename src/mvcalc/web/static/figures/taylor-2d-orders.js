// 2-D Taylor: f and its order-0, 1, 2 approximations along the slices through (a, b) (all sampled by the server).
import { board, controls, every, num, polyline, slider, valuesTable } from "/static/js/figure-controls.js";

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
    tools.katex.render(`P_{${state.n}}(x, y) = ${e.latex[state.n]}`, formula, { throwOnError: false, output: "htmlAndMathml" });
    element.dataset.order = state.n;
  }
  slider(box, "point", data.points.length - 1, 0, (v) => { state.p = v; update(); }, (v) => `(a, b) = (${data.points[v].a}, ${data.points[v].b})`);
  slider(box, "order", 2, 1, (v) => { state.n = v; update(); }, (v) => `order ${v}`);
  update();
  const e0 = data.points[0];
  const rows = every(data.t.length, 13);
  valuesTable(out, {
    caption: `f and its Taylor approximations along the slices through (a, b) = (${e0.a}, ${e0.b})`, corner: "step t",
    columns: ["f(a + t, b)", "order 1", "order 2", "f(a, b + t)", "order 1", "order 2"],
    rows: rows.map((k) => num(data.t[k])),
    cell: (r, c) => {
      const k = rows[r];
      const axis = c < 3 ? "x" : "y";
      const n = c % 3;
      return num(n === 0 ? e0.f[axis][k] : e0.poly[n][axis][k]);
    },
  });
}

export function describe(data) {
  return `Slices through the surface $f(x, y) = ${data.latex}$ at the point (a, b) the slider chooses, against the step t: `
    + "blue f(a + t, b) and teal f(a, b + t), with dashed Taylor approximations of the chosen order (0, 1 or 2) along each.";
}
