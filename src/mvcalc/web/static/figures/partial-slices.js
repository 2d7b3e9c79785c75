// Partial derivatives: slices f(t, y₀) and f(x₀, t) with tangent lines of slope ∂f/∂x and ∂f/∂y (server values).
import { board, controls, fmt, gridTable, num, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  const { box, out } = controls(element);
  const mid = Math.floor(data.x0.length / 2);
  const state = { i: mid + 3, j: mid - 2 };
  let drawn = [];
  const tangent = (t, v, slope, colour) => b.create("segment", [[t - 0.5, v - 0.5 * slope], [t + 0.5, v + 0.5 * slope]], { strokeColor: colour, strokeWidth: 2, fixed: true, highlight: false });
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const before = b.objectsList.length;
    polyline(b, data.tx, data.along_x[state.j], { strokeColor: "#1f5fbf", strokeWidth: 2 });
    polyline(b, data.ty, data.along_y[state.i], { strokeColor: "#c2410c", strokeWidth: 2 });
    drawn = b.objectsList.slice(before);
    const x0 = data.x0[state.i];
    const y0 = data.y0[state.j];
    const v = data.f[state.j][state.i];
    const fx = data.fx[state.j][state.i];
    const fy = data.fy[state.j][state.i];
    drawn.push(tangent(x0, v, fx, "#1e3a8a"), tangent(y0, v, fy, "#7c2d12"));
    out.textContent = `At (x₀, y₀) = (${fmt(x0, 2)}, ${fmt(y0, 2)}): f = ${fmt(v, 3)}. Blue: the slice y = y₀ against x, slope ∂f/∂x = ${fmt(fx, 3)}. Orange: the slice x = x₀ against y, slope ∂f/∂y = ${fmt(fy, 3)}.`;
    element.dataset.slopes = `${fx},${fy}`;
  }
  slider(box, "x₀", data.x0.length - 1, state.i, (v) => { state.i = v; update(); }, (v) => `x₀ = ${fmt(data.x0[v], 2)}`);
  slider(box, "y₀", data.y0.length - 1, state.j, (v) => { state.j = v; update(); }, (v) => `y₀ = ${fmt(data.y0[v], 2)}`);
  update();
  gridTable(out, "Values of f(x, y) on the grid", data.x0, data.y0, data.f);
}

export function describe(data) {
  return `Two slices through the surface $f(x, y) = ${data.latex}$ at the point (x₀, y₀) the sliders choose `
    + `(x₀ from ${num(data.x0[0])} to ${num(data.x0[data.x0.length - 1])}, y₀ from ${num(data.y0[0])} to ${num(data.y0[data.y0.length - 1])}). `
    + "Blue: f along x with y fixed at y₀, its tangent's slope ∂f/∂x; orange: f along y with x fixed at x₀, slope ∂f/∂y.";
}
