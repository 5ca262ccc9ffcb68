/* Keyboard shortcuts of the agent pages; "?" shows them all. A key never fires while the agent types
   in a field (or holds Ctrl, Alt or Cmd), so text is never lost to a shortcut. */
(function () {
  "use strict";
  var LIST_KEY = "dispatchdesk.ticketList";
  var current = -1;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toUpperCase();
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".inbox-row")); }

  function highlight(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("row-current", i === current); });
    var link = all[current].querySelector(".ticket-link");
    if (link) link.focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function neighbour(step) {
    var urls = JSON.parse(sessionStorage.getItem(LIST_KEY) || "[]");
    var at = urls.indexOf(window.location.pathname);
    if (at < 0) return null;
    return urls[at + step] || null;
  }

  function open(selector, focus) {
    var tab = document.querySelector(selector);
    if (!tab) return;
    tab.click();
    var field = document.querySelector(focus);
    if (field) window.setTimeout(function () { field.focus(); }, 200);
  }

  function click(selector) {
    var element = document.querySelector(selector);
    if (element) element.click();
    return Boolean(element);
  }

  var onTicket = {
    j: function () { var url = neighbour(1); if (url) window.location.assign(url); },
    k: function () { var url = neighbour(-1); if (url) window.location.assign(url); },
    r: function () { open("#compose-reply-tab", "#id_reply-body"); },
    n: function () { open("#compose-note-tab", "#id_note-body"); },
    a: function () { click("[data-shortcut=assign-me]"); },
    s: function () { var status = document.querySelector("#id_status"); if (status) status.focus(); },
  };
  var onList = {
    j: function () { highlight(current + 1); },
    k: function () { highlight(current - 1); },
    o: function () { var row = rows()[current]; if (row) window.location.assign(row.dataset.ticketUrl); },
    x: function () { var row = rows()[current]; if (row) click(".row-current .ticket-check"); },
  };

  function toggleHelp() {
    var help = document.getElementById("shortcuts-help");
    if (help && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(help).toggle();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    var keys = document.getElementById("ticket") ? onTicket : onList;
    var action = keys[event.key] || (event.key === "Enter" && keys === onList && current >= 0 ? onList.o : null);
    if (action) { event.preventDefault(); action(); }
  });
})();
