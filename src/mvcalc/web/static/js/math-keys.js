// The maths keys under an answer box (templates/_math_keys.html): a key types its text at the cursor, replacing
// any selection; a function key, "sqrt()", puts the cursor between its brackets (around the selection, if any).
// The answer box keeps the focus, so a phone's keyboard stays open and typing carries on after the key.
// The row is a toolbar: one Tab stop (the last key used), the arrow keys, Home and End move along it.

export function insert(input, text) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  const selected = input.value.slice(start, end);
  const call = text.endsWith("()");
  const typed = call ? `${text.slice(0, -1)}${selected})` : text;
  input.setRangeText(typed, start, end, "end");
  if (call && !selected) input.setSelectionRange(start + typed.length - 1, start + typed.length - 1);
  input.dispatchEvent(new Event("input", { bubbles: true })); // the live preview reads it as if typed
}

export function setUpMathKeys(row) {
  const input = document.getElementById(row.dataset.target);
  if (!input) return;
  const keys = [...row.querySelectorAll("button[data-insert]")];
  const current = (button) => keys.forEach((k) => { k.tabIndex = k === button ? 0 : -1; });
  for (const button of keys) {
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus (and cursor) in the box
    button.addEventListener("click", () => {
      current(button);
      insert(input, button.dataset.insert);
      input.focus();
    });
  }
  row.addEventListener("keydown", (event) => {
    const at = keys.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: keys.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = keys[(to + keys.length) % keys.length];
    current(next);
    next.focus();
  });
}

document.querySelectorAll(".math-keys[data-target]").forEach(setUpMathKeys);
