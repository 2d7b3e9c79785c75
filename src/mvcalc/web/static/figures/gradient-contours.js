// Contours of f and the Jacobian at a movable point (values from the server's grid); the arrow crosses the contour at 90°.
import { board, controls, fmt, gridTable, num, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox, { keepAspectRatio: true }); // so 90° looks like 90°
  data.contours.forEach((c) => c.lines.forEach(([xs, ys]) => polyline(b, xs, ys, { strokeColor: "#94a3b8", strokeWidth: 1 })));
  const { box, out } = controls(element);
  const span = Math.min(data.bbox[2] - data.bbox[0], data.bbox[1] - data.bbox[3]) / 6;
  const state = { i: Math.floor(data.xs.length / 2) + 3, j: Math.floor(data.ys.length / 2) + 3 };
  let drawn = [];
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const x = data.xs[state.i];
    const y = data.ys[state.j];
    const gx = data.fx[state.j][state.i];
    const gy = data.fy[state.j][state.i];
    const n = Math.hypot(gx, gy) || 1;
    const k = span / n; // drawn length fixed; the numbers below give the true size
    drawn = [
      b.create("point", [x, y], { name: "", fixed: true, color: "#c2410c", showInfobox: false }),
      b.create("arrow", [[x, y], [x + gx * k, y + gy * k]], { strokeColor: "#b91c1c", strokeWidth: 2, fixed: true }),
      b.create("segment", [[x - gy * k, y + gx * k], [x + gy * k, y - gx * k]], { strokeColor: "#15803d", dash: 2, fixed: true }),
    ];
    out.textContent = `At (${fmt(x, 2)}, ${fmt(y, 2)}): f = ${fmt(data.f[state.j][state.i], 3)}, J = [${fmt(gx, 3)}, ${fmt(gy, 3)}], |J| = ${fmt(Math.hypot(gx, gy), 3)}; the dashed line follows the contour, at 90° to J.`;
    element.dataset.point = `${x},${y}`;
  }
  slider(box, "x", data.xs.length - 1, state.i, (v) => { state.i = v; update(); }, (v) => `x = ${fmt(data.xs[v], 2)}`);
  slider(box, "y", data.ys.length - 1, state.j, (v) => { state.j = v; update(); }, (v) => `y = ${fmt(data.ys[v], 2)}`);
  update();
  gridTable(out, "Values of f(x, y) on the grid", data.xs, data.ys, data.f);
}

export function describe(data) {
  const flat = data.f.flat().filter((v) => v !== null);
  return `Grey contour lines of $f(x, y) = ${data.latex}$ for x from ${num(data.xs[0])} to ${num(data.xs[data.xs.length - 1])} `
    + `and y from ${num(data.ys[0])} to ${num(data.ys[data.ys.length - 1])}; f ranges from ${num(Math.min(...flat))} to ${num(Math.max(...flat))} there. `
    + "At the point the x and y sliders choose, a red arrow shows the Jacobian J (uphill) and a dashed green line follows the contour, at right angles to it.";
}
