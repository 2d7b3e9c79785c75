// A straight-line fit: m and c sliders over the server's grid; χ² for each (m, c) and the best fit come from the server.
import { board, controls, fmt, num, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  data.x.forEach((x, i) => b.create("point", [x, data.y[i]], { name: "", size: 2, fixed: true, color: "#1f5fbf", showInfobox: false }));
  const { box, out } = controls(element);
  const state = { i: 20, j: 60 };
  const p1 = b.create("point", [0, 0], { visible: false, fixed: true });
  const p2 = b.create("point", [1, 0], { visible: false, fixed: true });
  b.create("line", [p1, p2], { strokeColor: "#c2410c", strokeWidth: 2, fixed: true, highlight: false });
  function update() {
    const m = data.m[state.i];
    const c = data.c[state.j];
    // the line's two defining points: (0, c) and (1, m + c)
    p1.setPosition(tools.JXG.COORDS_BY_USER, [0, c]);
    p2.setPosition(tools.JXG.COORDS_BY_USER, [1, m + c]);
    b.update();
    const chi2 = data.chi2[state.j][state.i];
    out.textContent = `m = ${fmt(m, 3)}, c = ${fmt(c, 3)}: χ² = ${fmt(chi2, 3)} (least squares: m = ${fmt(data.best.m, 3)}, c = ${fmt(data.best.c, 3)}, χ² = ${fmt(data.best.chi2, 3)})`;
    element.dataset.chi2 = chi2;
  }
  slider(box, "m", data.m.length - 1, state.i, (v) => { state.i = v; update(); }, (v) => `m = ${fmt(data.m[v], 3)}`);
  slider(box, "c", data.c.length - 1, state.j, (v) => { state.j = v; update(); }, (v) => `c = ${fmt(data.c[v], 3)}`);
  update();
}

export function describe(data) {
  const points = data.x.map((x, i) => `(${num(x)}, ${num(data.y[i])})`).join(", ");
  return `${data.x.length} data points in blue: ${points}. An orange straight line y = m x + c whose slope m and intercept c the sliders set; `
    + `the readout gives its χ², the sum of squared misfits, and the least-squares line's.`;
}
