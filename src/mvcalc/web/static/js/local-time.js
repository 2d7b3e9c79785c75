// Times are stored and sent in UTC (<time class="local" datetime="...+00:00">); show each in the
// browser's own zone, keeping the UTC text as the tooltip.
const FORMAT = {
  year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
};

document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("time.local[datetime]")) {
    const moment = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    const utc = el.textContent;
    el.textContent = moment.toLocaleString(undefined, FORMAT);
    el.title = utc;
  }
});
