// Lagrange multipliers: a point moves along g = 0; ∇f and ∇g (server values) line up at the solutions (server's Lagrange).
import { board, controls, every, fmt, num, polyline, slider, valuesTable } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox, { keepAspectRatio: true });
  data.contours.forEach((lines) => lines.forEach(([xs, ys]) => polyline(b, xs, ys, { strokeColor: "#94a3b8", strokeWidth: 1 })));
  polyline(b, data.curve[0], data.curve[1], { strokeColor: "#15803d", strokeWidth: 3 });
  data.solutions.forEach((s) => b.create("point", [s.x, s.y], { name: s.kind, size: 3, fixed: true, color: "#7c3aed", showInfobox: false }));
  const { box, out } = controls(element);
  const scale = (data.bbox[2] - data.bbox[0]) / 8;
  let drawn = [];
  function update(k) {
    drawn.forEach((o) => b.removeObject(o));
    const x = data.points[0][k];
    const y = data.points[1][k];
    const arrow = (g, colour) => {
      const n = Math.hypot(g[0], g[1]) || 1;
      return b.create("arrow", [[x, y], [x + (g[0] / n) * scale, y + (g[1] / n) * scale]], { strokeColor: colour, strokeWidth: 2, fixed: true });
    };
    const gf = [data.grad_f[0][k], data.grad_f[1][k]];
    const gg = [data.grad_g[0][k], data.grad_g[1][k]];
    drawn = [b.create("point", [x, y], { name: "", fixed: true, color: "#c2410c", showInfobox: false }), arrow(gf, "#b91c1c"), arrow(gg, "#15803d")];
    const sine = data.cross[k] / ((Math.hypot(...gf) * Math.hypot(...gg)) || 1);
    out.textContent = `At (${fmt(x, 3)}, ${fmt(y, 3)}) on g = 0: f = ${fmt(data.f[k], 4)}, ∇f = [${fmt(gf[0], 3)}, ${fmt(gf[1], 3)}] (red), ∇g = [${fmt(gg[0], 3)}, ${fmt(gg[1], 3)}] (green); sin of the angle between them ${fmt(sine, 3)} (0 when parallel: a solution).`;
    element.dataset.index = k;
  }
  slider(box, "position on g = 0", data.points[0].length - 1, 0, update, (k) => `(${fmt(data.points[0][k], 2)}, ${fmt(data.points[1][k], 2)})`);
  update(0);
  const rows = every(data.f.length, 12);
  valuesTable(out, {
    caption: "f along the constraint g = 0 (every few points)", corner: "point", columns: ["x", "y", "f", "sin of the angle between ∇f and ∇g"],
    rows: rows.map((k, n) => String(n + 1)),
    cell: (r, c) => {
      const k = rows[r];
      const gf = Math.hypot(data.grad_f[0][k], data.grad_f[1][k]);
      const gg = Math.hypot(data.grad_g[0][k], data.grad_g[1][k]);
      return num([data.points[0][k], data.points[1][k], data.f[k], data.cross[k] / ((gf * gg) || 1)][c]);
    },
  });
}

export function describe(data) {
  const found = data.solutions.map((s) => `${s.kind} at (${num(s.x)}, ${num(s.y)})`).join(", ");
  return `Grey contours of $f = ${data.latex[0]}$ and, in thick green, the constraint curve $g = ${data.latex[1]} = 0$. `
    + `A point moves along the constraint with the slider; at it a red arrow shows ∇f and a green one ∇g. `
    + `Purple points mark the solutions, where the two arrows are parallel: ${found}.`;
}
