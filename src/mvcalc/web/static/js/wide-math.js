// Maths wider than its column scrolls inside its own box instead of widening the page (phones), and any box that
// scrolls sideways (display maths, code, tables) can be focused, so a keyboard can scroll it too.

const BLOCKS = "p, li, dd, td, th, figcaption, div, section, article, main, label";

// tabindex=0 on a box while its content is wider than it is (and only then: no needless tab stops).
export function focusIfScrolls(el) {
  if (el.dataset.scrollFocus === undefined && el.hasAttribute("tabindex")) return; // focusable for its own reasons
  el.dataset.scrollFocus = "";
  if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
  else el.removeAttribute("tabindex");
}

function fit(el, box) {
  el.classList.remove("wide");
  el.removeAttribute("tabindex");
  const room = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.right > room.right + 1 || r.width > room.width + 1) {
    el.classList.add("wide");
    el.tabIndex = 0;
  }
}

export function fitWideMath(root = document) {
  for (const el of root.querySelectorAll(".math.inline[data-typeset]")) {
    const box = el.parentElement.closest(BLOCKS);
    if (box) fit(el, box);
  }
  root.querySelectorAll(".math.display[data-typeset] .katex-display").forEach(focusIfScrolls);
  if (root === document) document.querySelectorAll("main pre, main .table-scroll").forEach(focusIfScrolls);
  root.querySelectorAll("main table:not(.table-scroll table)").forEach(focusIfScrolls);
}

// Measured again when the window changes size and when fonts arrive: KaTeX's fonts load after the first
// typesetting and make formulas wider.
let timer;
const later = () => {
  clearTimeout(timer);
  timer = setTimeout(() => fitWideMath(document), 100);
};
window.addEventListener("resize", later);
window.addEventListener("load", later);
document.fonts?.addEventListener("loadingdone", later);
