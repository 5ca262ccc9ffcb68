// Calls (docs/decisions/0033-phone.md): when a call rings for this agent or they answer it, the live
// stream says "call" with its id; the toast (the caller, their open tickets, a link to a new ticket)
// is fetched from a permission-checked page and shown bottom right, replacing that call's last toast.
(function () {
  "use strict";

  function show(container, id, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var toast = holder.firstElementChild;
    if (!toast) return;
    var earlier = container.querySelector('[data-call-id="' + id + '"]');
    if (earlier) earlier.replaceWith(toast);
    else container.prepend(toast);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("call-toasts");
    if (!container) return;
    document.body.addEventListener("live-call", function (event) {
      var id = Number(event.detail.id);
      if (!Number.isInteger(id)) return;
      var url = container.dataset.callUrl.replace(/0\/$/, id + "/");
      fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (html) show(container, id, html); });
    });
  });
})();
