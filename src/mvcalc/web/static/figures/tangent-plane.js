// Linearisation: at (x₀, y₀) the tangent plane L; the error |f − L| a step (Δx, Δy) away (all values from the server).
import { board, controls, fmt, gridTable, num, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox, { keepAspectRatio: true });
  const { box, out } = controls(element);
  const mid = Math.floor(data.offsets.length / 2);
  const state = { i: 6, j: 4, p: mid + 2, q: mid + 1 };
  let drawn = [];
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const x0 = data.x0[state.i];
    const y0 = data.y0[state.j];
    const dx = data.offsets[state.p];
    const dy = data.offsets[state.q];
    const f = data.true[state.j][state.i][state.q][state.p];
    const l = data.linear[state.j][state.i][state.q][state.p];
    drawn = [
      b.create("point", [x0, y0], { name: "(x₀, y₀)", fixed: true, color: "#c2410c", showInfobox: false }),
      b.create("point", [x0 + dx, y0 + dy], { name: "step", fixed: true, color: "#15803d", showInfobox: false }),
      b.create("arrow", [[x0, y0], [x0 + data.fx[state.j][state.i] / 4, y0 + data.fy[state.j][state.i] / 4]], { strokeColor: "#b91c1c", fixed: true }),
    ];
    out.textContent = `At (${fmt(x0, 2)}, ${fmt(y0, 2)}): f = ${fmt(data.f0[state.j][state.i], 4)}, J = [${fmt(data.fx[state.j][state.i], 3)}, ${fmt(data.fy[state.j][state.i], 3)}]. A step (${fmt(dx, 2)}, ${fmt(dy, 2)}) away: f = ${fmt(f, 4)}, the plane gives L = ${fmt(l, 4)}, error |f − L| = ${fmt(Math.abs(f - l), 4)}.`;
    element.dataset.error = Math.abs(f - l);
  }
  slider(box, "x₀", data.x0.length - 1, state.i, (v) => { state.i = v; update(); }, (v) => `x₀ = ${fmt(data.x0[v], 2)}`);
  slider(box, "y₀", data.y0.length - 1, state.j, (v) => { state.j = v; update(); }, (v) => `y₀ = ${fmt(data.y0[v], 2)}`);
  slider(box, "Δx", data.offsets.length - 1, state.p, (v) => { state.p = v; update(); }, (v) => `Δx = ${fmt(data.offsets[v], 2)}`);
  slider(box, "Δy", data.offsets.length - 1, state.q, (v) => { state.q = v; update(); }, (v) => `Δy = ${fmt(data.offsets[v], 2)}`);
  update();
  gridTable(out, "Values of f(x, y) at the points (x₀, y₀) the sliders offer", data.x0, data.y0, data.f0);
}

export function describe(data) {
  return `The (x, y) plane of $f(x, y) = ${data.latex}$, seen from above: an orange point at (x₀, y₀), a red arrow along the Jacobian there, `
    + `and a green point a step (Δx, Δy) away, where the true f and the tangent plane L are compared. x₀ runs from ${num(data.x0[0])} `
    + `to ${num(data.x0[data.x0.length - 1])}, y₀ from ${num(data.y0[0])} to ${num(data.y0[data.y0.length - 1])}.`;
}
