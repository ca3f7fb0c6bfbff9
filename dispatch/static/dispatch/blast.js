// The blast page's live progress: polls the progress URL named on #blast-progress once a second and
// reloads the page when the blast leaves "running". A static file, so the Content-Security-Policy
// needs no inline script.
(function () {
  const holder = document.getElementById("blast-progress");
  if (!holder) return;
  const url = holder.dataset.progressUrl;
  const finals = ["completed", "cancelled", "expired", "failed"];
  let last = holder.dataset.status;
  async function poll() {
    try {
      const r = await fetch(url, {credentials: "same-origin"});
      if (r.ok) {
        const p = await r.json();
        document.getElementById("status").textContent = p.status_label;
        document.getElementById("reason").textContent = p.status_reason;
        document.getElementById("bar").value = p.percent;
        document.getElementById("percent").textContent = p.percent;
        document.getElementById("done").textContent = p.done;
        document.getElementById("total").textContent = p.total;
        document.getElementById("rate").textContent = p.rate_per_minute;
        for (const td of document.querySelectorAll("#counts td[data-status]")) td.textContent = p.counts[td.dataset.status];
        if (p.status !== last) { last = p.status; if (p.status !== "running") { location.reload(); return; } }
        if (finals.includes(p.status)) return;
      }
    } catch (e) { /* keep polling */ }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
