import { arrowWords, colour, counted, describe, fmt, svgEl as el } from "/static/js/sandpit-draw.js";
// The Sandpit's page: asks the server for the depth at each probe; the pit itself arrives only after the round.
const root = document.getElementById("sandpit");
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const SIZE = Number(root.dataset.size);
const svg = document.getElementById("sandpit-pit");
const form = document.getElementById("sandpit-settings");
const status = document.getElementById("sandpit-status");
const cursor = document.getElementById("sandpit-cursor");
const layers = {
  contour: document.getElementById("sandpit-contour"),
  paths: document.getElementById("sandpit-paths"),
  probes: document.getElementById("sandpit-probes"),
};
let round = null; // {round, level, mode, replay, seed (replays only)}
let over = true;
let busy = false; // a probe is on its way
let making = false; // a new pit is being made
let waiting = null; // a click made while the pit was being made: probed as soon as it is ready
const LABELS = 3; // probes labelled on the pit (the latest, none overlapping); the table lists every probe
const table = document.getElementById("sandpit-probe-rows");
const again = document.getElementById("sandpit-again");
const point = { x: 3, y: 3 };

const sy = (y) => SIZE - y; // the pit's y points up, the SVG's down

async function api(url, body) {
  const init = body === undefined ? { headers: { Accept: "application/json" } } : {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(url, init);
  const data = await response.json().catch(() => ({ ok: false, error: "The server's answer could not be read." }));
  if (!response.ok || !data.ok) throw new Error(data.error || `Request failed (${response.status}).`);
  return data;
}

function say(text, kind = "") {
  status.textContent = text;
  status.className = `sandpit-status ${kind}`;
}

function moveCursor(x, y) {
  point.x = Math.min(SIZE, Math.max(0, x));
  point.y = Math.min(SIZE, Math.max(0, y));
  cursor.setAttribute("cx", point.x);
  cursor.setAttribute("cy", sy(point.y));
  document.getElementById("sandpit-cursor-pos").textContent = `Cursor at x = ${fmt(point.x)}, y = ${fmt(point.y)}`;
}

function clear() {
  for (const layer of Object.values(layers)) layer.replaceChildren();
  table.replaceChildren();
  document.getElementById("sandpit-probe-count").textContent = "0";
  document.getElementById("sandpit-after").hidden = true;
  again.hidden = true;
}

function tabulate(p) {
  const row = table.insertRow();
  for (const value of [p.number, fmt(p.x), fmt(p.y), fmt(p.depth)]) row.insertCell().textContent = value;
  row.insertCell().textContent = p.arrow ? arrowWords(p.arrow) : "—";
  document.getElementById("sandpit-probe-count").textContent = String(table.rows.length);
}

function drawProbe(p) {
  const g = el("g", { class: "probe-mark", "data-number": p.number }, layers.probes);
  el("circle", { class: "probe", cx: p.x, cy: sy(p.y), r: 0.06 }, g);
  if (p.arrow) {
    el("line", { class: "arrow", x1: p.x, y1: sy(p.y), x2: p.x + p.arrow[0], y2: sy(p.y + p.arrow[1]) }, g);
  }
  // right of the probe, or left of it near the pit's right edge, so that the label stays inside the pit
  const right = p.x < SIZE - 1;
  const label = el("text", { class: "probe-label", x: p.x + (right ? 0.08 : -0.08), y: sy(p.y) - 0.08,
                             "text-anchor": right ? "start" : "end" }, g);
  label.textContent = `${p.number}: ${fmt(p.depth)}`;
  placeLabels();
  tabulate(p);
}

// Label only the latest LABELS probes, newest first, and leave out a label that would overlap a newer one: probes a
// keyboard step apart are closer than a label is tall. Every probe stays in the table below the pit.
function placeLabels() {
  const labels = [...layers.probes.querySelectorAll(".probe-label")];
  const kept = [];
  labels.forEach((node, i) => {
    node.style.display = i < labels.length - LABELS ? "none" : "";
  });
  for (const node of labels.slice(-LABELS).reverse()) {
    const b = node.getBBox();
    const hit = kept.some((k) => b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height);
    if (hit) node.style.display = "none";
    else kept.push(b);
  }
}

async function start(event) {
  if (event) event.preventDefault();
  const data = new FormData(form);
  const seedText = String(data.get("seed") || "").trim();
  if (seedText && !/^\d+$/.test(seedText)) return say("The seed must be a whole number (or empty for a random pit).");
  const body = {
    level: data.get("level"), mode: data.get("mode"), strategy: data.get("strategy"),
    gamma: Number(data.get("gamma")), seed: seedText ? Number(seedText) : null,
  };
  making = true;
  over = true;
  say("Making the pit…");
  clear();
  try {
    round = await api("/api/sandpit/rounds", body);
    over = false;
    document.getElementById("sandpit-round").textContent = round.replay
      ? `Level ${round.level}, mode ${round.mode}: a replay of seed ${round.seed} (practice: finding the phone is not recorded as a win).`
      : `Level ${round.level}, mode ${round.mode}: a new pit (its seed is shown when the round is over).`;
    root.dataset.round = round.round;
    say("Probe the pit: click, tap, or use the arrow keys and Enter.");
  } catch (error) {
    say(error.message);
  } finally {
    making = false;
    root.dataset.ready = over ? "no" : "yes";
  }
  if (waiting && !over) {
    const { x, y } = waiting;
    waiting = null;
    await probe(x, y);
  }
}

async function probe(x, y) {
  if (making) { // the pit is still being made: this click is kept and probed when it is ready
    waiting = { x, y };
    say("The pit is still being made: your probe will be taken as soon as it is ready.");
    return;
  }
  if (busy) return; // one probe at a time
  if (over || !round) {
    say("This round is over. Press “New round” to play again.");
    again.hidden = false;
    again.focus();
    return;
  }
  busy = true;
  try {
    const out = await api(`/api/sandpit/rounds/${round.round}/probe`, { x, y });
    out.probes.forEach(drawProbe);
    const last = out.probes[out.probes.length - 1];
    const extra = out.probes.length > 1 ? ` The strategy took ${counted(out.probes.length - 1, "step")}.` : "";
    say(`${describe(last)}${extra} ${out.message} (${out.used} used, ${out.left} left)`,
      out.status !== "playing" ? out.status : out.hurry ? "hurry" : "");
    root.dataset.status = out.status;
    if (out.status !== "playing") {
      over = true;
      await reveal();
      again.hidden = false;
      again.focus();
    }
  } catch (error) {
    say(error.message);
  } finally {
    busy = false;
  }
}

async function reveal() {
  const shown = await api(`/api/sandpit/rounds/${round.round}/reveal`);
  const { x, y, depth } = shown.contour;
  const dx = x[1] - x[0];
  for (let j = 0; j < y.length; j++) {
    for (let i = 0; i < x.length; i++) {
      el("rect", { x: x[i] - dx / 2, y: sy(y[j]) - dx / 2, width: dx, height: dx, fill: colour(depth[j][i]) }, layers.contour);
    }
  }
  const rows = document.getElementById("sandpit-comparison");
  rows.replaceChildren();
  for (const [name, entry] of Object.entries(shown.comparison)) {
    el("polyline", { class: `path ${name}`, points: entry.path.map(([a, b]) => `${a},${sy(b)}`).join(" ") }, layers.paths);
    const row = rows.insertRow();
    row.insertCell().textContent = entry.title;
    row.insertCell().textContent = entry.probes === null ? `not within ${root.dataset.max}` : String(entry.probes);
  }
  el("circle", { class: "phone", cx: shown.phone.x, cy: sy(shown.phone.y), r: 0.1 }, layers.probes);
  document.getElementById("sandpit-phone").textContent =
    `The phone was at (${fmt(shown.phone.x)}, ${fmt(shown.phone.y)}), depth ${fmt(shown.phone.depth)}. You used ${counted(shown.probes.length, "probe")}.`;
  const replay = document.getElementById("sandpit-replay");
  const link = document.createElement("a");
  link.href = `/sandpit/${encodeURIComponent(round.level)}?seed=${shown.seed}&mode=${encodeURIComponent(round.mode)}`;
  link.textContent = `Replay this pit (seed ${shown.seed})`;
  replay.replaceChildren(link, document.createTextNode(": practice, or share it; a replay is never recorded as a win."));
  document.getElementById("sandpit-after").hidden = false;
  root.dataset.revealed = "yes";
}

function pitPoint(event) {
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const x = view.x + ((event.clientX - box.left) / box.width) * view.width;
  const y = SIZE - (view.y + ((event.clientY - box.top) / box.height) * view.height);
  return { x: Math.min(SIZE, Math.max(0, x)), y: Math.min(SIZE, Math.max(0, y)) };
}

svg.addEventListener("pointerup", (event) => {
  const p = pitPoint(event);
  moveCursor(p.x, p.y);
  probe(p.x, p.y);
});
svg.addEventListener("keydown", (event) => {
  const step = event.shiftKey ? 0.5 : 0.1;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  if (moves[event.key]) {
    event.preventDefault();
    moveCursor(point.x + moves[event.key][0], point.y + moves[event.key][1]);
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    probe(point.x, point.y);
  }
});
const defs = el("defs", {}, null);
const head = el("marker", { id: "sandpit-head", viewBox: "0 0 10 10", refX: 8, refY: 5, markerWidth: 4, markerHeight: 4, orient: "auto" }, defs);
el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#b91c1c" }, head);
svg.prepend(defs);
form.gamma.addEventListener("input", () => { form.gamma_shown.value = form.gamma.value; });
form.addEventListener("submit", start);
again.addEventListener("click", () => { form.seed.value = ""; start(); });
moveCursor(3, 3);
start();
