// Live updates (docs/decisions/0027-live-updates.md): one server-sent event stream per page.
// Each message becomes a DOM event on <body> named "live-<kind>" with the message as its detail,
// so htmx elements refresh with hx-trigger="live-ticket from:body". After a lost connection the
// page hears "live-resync": whatever it shows may be stale, so it fetches it again.
(function () {
  "use strict";

  function announce(kind, detail) {
    document.body.dispatchEvent(new CustomEvent("live-" + kind, { detail: detail }));
  }

  function listen(url) {
    var source = new EventSource(url);
    var lost = false;
    source.onopen = function () {
      if (lost) announce("resync", {});
      lost = false;
      document.body.dataset.liveOpen = "true";
    };
    source.onerror = function () {
      lost = true; // the browser reconnects by itself
      delete document.body.dataset.liveOpen;
    };
    source.onmessage = function (event) {
      var message = JSON.parse(event.data);
      announce(message.kind, message);
    };
  }

  // Collision warning: the ticket page says who is here and whether they are typing a reply.
  function announcePresence(element) {
    var url = element.dataset.livePresence;
    var token = element.dataset.csrf;
    function state() {
      var typing = Array.prototype.some.call(document.querySelectorAll("textarea"), function (area) {
        return area.value.trim() !== "" || document.activeElement === area;
      });
      return typing ? "replying" : "viewing";
    }
    function send(value) {
      var body = new FormData();
      body.append("state", value);
      body.append("csrfmiddlewaretoken", token);
      if (value === "left") return navigator.sendBeacon(url, body);
      fetch(url, { method: "POST", body: body, credentials: "same-origin" });
    }
    var last = "";
    function beat(force) {
      var now = state();
      if (force || now !== last) send(now);
      last = now;
    }
    beat(true);
    setInterval(function () { beat(true); }, 20000);
    document.addEventListener("focusin", function () { beat(false); });
    document.addEventListener("input", function () { beat(false); });
    document.addEventListener("focusout", function () { setTimeout(function () { beat(false); }, 0); });
    window.addEventListener("pagehide", function () { send("left"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-live-url]");
    if (!root) return;
    var url = root.dataset.liveUrl;
    var ids = Array.prototype.map.call(document.querySelectorAll("[data-live-ticket-id]"), function (el) {
      return "ticket=" + encodeURIComponent(el.dataset.liveTicketId);
    });
    if (ids.length) url += (url.indexOf("?") < 0 ? "?" : "&") + ids.join("&");
    listen(url);
    document.querySelectorAll("[data-live-presence]").forEach(announcePresence);
  });
})();
