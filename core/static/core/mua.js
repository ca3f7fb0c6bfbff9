/* Mùa's one script (no inline script anywhere: the CSP allows 'self' only).
 * 1. Irreversible actions ask first: a button or form with data-confirm="…" shows that sentence.
 * 2. A blast's page follows its progress: an element with data-progress-url is polled every second.
 * 3. A contact import follows its progress: an element with data-import-url (the import's JSON in the
 *    API) is polled every two seconds while pending or running; its [data-field] cells take the new
 *    figures, and the page reloads when the status changes (the summary and refused rows then show).
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function followProgress(box) {
    var url = box.getAttribute("data-progress-url");
    var last = box.getAttribute("data-status");
    var finals = ["completed", "cancelled", "expired", "failed"];
    var numbers = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "vi-VN");
    function poll() {
      fetch(url, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (p) {
        if (!p) { setTimeout(poll, 1000); return; }
        setText("status", p.state_text || p.status_label);
        setText("reason", p.status_reason);
        var bar = document.getElementById("bar");
        if (bar) { bar.value = p.percent; }
        setText("percent", p.percent);
        setText("done", numbers.format(p.processed));
        setText("total", numbers.format(p.to_send));
        setText("rate", numbers.format(p.rate_per_minute));
        document.querySelectorAll("#counts td[data-status]").forEach(function (td) {
          (td.querySelector("a") || td).textContent = numbers.format(p.counts[td.getAttribute("data-status")]);
        });
        // A blast that had no messages yet when the page was drawn (fan-out under way) gets its counts.
        if (p.total && !document.getElementById("counts")) { window.location.reload(); return; }
        if (p.status !== last) {
          last = p.status;
          if (p.status !== "running") { window.location.reload(); return; }
        }
        if (finals.indexOf(p.status) === -1) { setTimeout(poll, 1000); }
      }).catch(function () { setTimeout(poll, 1000); });
    }
    if (finals.indexOf(last) === -1) { setTimeout(poll, 1000); }
  }

  function followImport(row) {
    var url = row.getAttribute("data-import-url");
    var last = row.getAttribute("data-status");
    var numbers = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "vi-VN");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (p) {
        if (!p) { setTimeout(poll, 4000); return; }
        row.querySelectorAll("[data-field]").forEach(function (el) {
          var value = p[el.getAttribute("data-field") === "bar" ? "progress" : el.getAttribute("data-field")];
          if (value === undefined) { return; }
          if (el.tagName === "PROGRESS") { el.value = value; } else { el.textContent = numbers.format(value); }
        });
        if (p.status !== last) { window.location.reload(); return; }
        setTimeout(poll, 2000);
      }).catch(function () { setTimeout(poll, 4000); });
    }
    if (last === "pending" || last === "running") { setTimeout(poll, 2000); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(followProgress);
    document.querySelectorAll("[data-import-url]").forEach(followImport);
  });
})();
