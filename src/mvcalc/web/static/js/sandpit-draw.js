// The Sandpit's drawing and words, shared by the page (sandpit.js) and the notebook widget (inlined there).
const NS = "http://www.w3.org/2000/svg";

export function svgEl(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

export const fmt = (v) => Number(v).toFixed(2);

// "1 probe", "2 probes": a count and its noun, singular for exactly one
export const counted = (n, noun, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

export function colour(depth) {
  const t = (depth + 9) / 8; // −9 (deep) … −1 (high)
  return `hsl(${40 - 20 * (1 - t)}, 70%, ${25 + 55 * t}%)`;
}

// The eight ways an arrow can point, in words, counter-clockwise from +x (the pit's y points up, as on the page).
const WAYS = ["right", "up and right", "up", "up and left", "left", "down and left", "down", "down and right"];

// A downhill arrow in words: its length, the nearest of eight directions, and its angle.
export function arrowWords(a) {
  const len = Math.hypot(a[0], a[1]);
  if (len === 0) return "none: the ground is flat here";
  const angle = Math.round((Math.atan2(a[1], a[0]) * 180) / Math.PI);
  return `length ${fmt(len)}, pointing ${WAYS[(Math.round(angle / 45) + 8) % 8]} (${angle}° from the x axis)`;
}

export function describe(p) {
  let text = `Probe ${p.number} at (${fmt(p.x)}, ${fmt(p.y)}): depth ${fmt(p.depth)}.`;
  if (p.arrow) text += ` Downhill arrow ${arrowWords(p.arrow)}.`;
  return text;
}
