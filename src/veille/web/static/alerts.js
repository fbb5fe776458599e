// The live alert feed of every page: new and changed alerts from /api/alerts/stream (server-sent
// events) appear in #live-alerts for a minute. EventSource reconnects by itself, resuming from
// the last event id it saw.
"use strict";

(function () {
  const box = document.getElementById("live-alerts");
  if (!box || !window.EventSource) { return; }
  const KEEP = 5, SHOW_MS = 60000;

  function show(alert) {
    const item = document.createElement("div");
    item.className = "flash live-alert";
    item.dataset.alertId = alert.id;
    const sev = document.createElement("span");
    sev.className = "sev sev-" + alert.severity;
    sev.textContent = alert.severity;
    const link = document.createElement("a");
    link.href = "/alerts/" + encodeURIComponent(alert.id);
    link.textContent = " " + alert.title;
    const status = document.createElement("span");
    status.className = "muted";
    status.textContent = " · " + alert.status;
    item.append(sev, link, status);
    const same = box.querySelector('[data-alert-id="' + CSS.escape(alert.id) + '"]');
    if (same) { same.remove(); }
    box.prepend(item);
    while (box.children.length > KEEP) { box.lastElementChild.remove(); }
    setTimeout(function () { item.remove(); }, SHOW_MS);
  }

  const source = new EventSource("/api/alerts/stream");
  source.addEventListener("alert", function (event) {
    try { show(JSON.parse(event.data)); } catch (e) { /* a malformed event is skipped */ }
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();
