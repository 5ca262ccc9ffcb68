// The team board (docs/decisions/0034-kanban.md). A card dropped in another column asks for that
// status; dropped in another agent's lane, for a hand-over to them (the Unassigned lane: back to the
// queue). Each card's menu sends the same requests from the keyboard. The server decides: a refusal
// comes back as a message and the card goes back where it was. The board fetches itself again after
// every change it hears of (live.js), but never under a dragging hand or an open menu.
(function () {
  "use strict";

  var dragging = false;
  var pending = false;
  var timer = null;
  var refocus = null; // the ticket whose menu had the focus, to give it back after a redraw

  function board() {
    return document.getElementById("board");
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function toast(message, ok) {
    var box = document.getElementById("kanban-toasts");
    var element = document.createElement("div");
    element.className = "toast align-items-center border-0 text-bg-" + (ok ? "success" : "danger");
    element.setAttribute("role", ok ? "status" : "alert");
    element.innerHTML = '<div class="d-flex"><div class="toast-body"></div>' +
      '<button type="button" class="btn-close btn-close-white me-2 m-auto" data-bs-dismiss="toast"></button></div>';
    element.querySelector(".toast-body").textContent = message;
    element.querySelector(".btn-close").setAttribute("aria-label", box.dataset.closeLabel || "Close");
    box.appendChild(element);
    element.addEventListener("hidden.bs.toast", function () { element.remove(); });
    new bootstrap.Toast(element, { delay: ok ? 3000 : 8000 }).show();
  }

  // POST one field; resolves to {ok, message} whatever the server answers.
  function send(url, field, value) {
    var body = new FormData();
    body.append(field, value);
    var failed = document.getElementById("kanban-toasts").dataset.failed;
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
      .then(function (response) {
        return response.json().then(
          function (answer) { return { ok: response.ok, message: answer.message || failed }; },
          function () { return { ok: false, message: failed }; }
        );
      }, function () { return { ok: false, message: failed }; });
  }

  function act(card, kind, value) {
    var root = board();
    var template = kind === "move" ? root.dataset.moveUrl : root.dataset.assignUrl;
    var url = template.replace("/0/", "/" + card.dataset.ticketId + "/");
    return send(url, kind === "move" ? "status" : "agent", value).then(function (answer) {
      toast(answer.message, answer.ok);
      soon();
      return answer.ok;
    });
  }

  function menuOpen() {
    return document.querySelector("#board .dropdown-menu.show") !== null;
  }

  function refresh() {
    var root = board();
    if (!root) return;
    if (dragging || menuOpen()) {
      pending = true;
      return;
    }
    pending = false;
    htmx.ajax("GET", root.dataset.refreshUrl, { target: "#board", swap: "outerHTML" });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  }

  function dropped(event) {
    dragging = false;
    var card = event.item;
    var from = event.from;
    var to = event.to;
    if (from === to) { // the order inside a cell is by urgency: nothing to save
      putBack(event);
      if (pending) soon();
      return;
    }
    var request;
    if (from.dataset.lane !== to.dataset.lane && board().dataset.lanes === "agent") {
      request = to.dataset.lane ? act(card, "assign", to.dataset.lane) : act(card, "move", "new");
    } else {
      request = act(card, "move", to.dataset.status);
    }
    request.then(function (ok) { if (!ok) putBack(event); });
  }

  function putBack(event) {
    var before = event.from.children[event.oldIndex] || null;
    if (before !== event.item) event.from.insertBefore(event.item, before);
  }

  function sortable(cell) {
    if (cell.dataset.sortable) return;
    cell.dataset.sortable = "on";
    var root = board();
    // Priority lanes: a card moves between columns only; agent lanes also hand it over.
    var group = root.dataset.lanes === "agent" ? "board" : "lane-" + cell.dataset.lane;
    new Sortable(cell, {
      group: group,
      draggable: ".kanban-card",
      filter: ".dropdown, .kanban-more",
      preventOnFilter: false,
      animation: 120,
      ghostClass: "kanban-ghost",
      onStart: function () { dragging = true; },
      onEnd: dropped,
    });
  }

  // Fill a card's menu as it opens: the legal moves for its status, and the agents it may go to.
  function fillMenu(button) {
    var card = button.closest(".kanban-card");
    var menu = button.nextElementSibling;
    var moves = JSON.parse(document.getElementById("kanban-moves").textContent)[card.dataset.status] || [];
    menu.replaceChildren();
    document.getElementById("kanban-move-entries").content.querySelectorAll("li").forEach(function (entry) {
      if (moves.indexOf(entry.querySelector("[data-move]").dataset.move) >= 0) menu.appendChild(entry.cloneNode(true));
    });
    document.getElementById("kanban-assign-entries").content.querySelectorAll("li").forEach(function (entry) {
      if (entry.querySelector("[data-assign]").dataset.assign !== card.dataset.assignee) menu.appendChild(entry.cloneNode(true));
    });
  }

  function choose(event) {
    var entry = event.target.closest("[data-move], [data-assign]");
    if (!entry || !board() || !board().contains(entry)) return;
    var card = entry.closest(".kanban-card");
    refocus = card.dataset.ticketId;
    bootstrap.Dropdown.getOrCreateInstance(card.querySelector(".kanban-menu")).hide();
    if (entry.dataset.move) act(card, "move", entry.dataset.move);
    else act(card, "assign", entry.dataset.assign);
  }

  function relevant(detail) {
    var root = board();
    if (!root) return false;
    if (root.querySelector('[data-ticket-id="' + detail.id + '"]')) return true;
    if (root.dataset.board === "group") return String(detail.group) === root.dataset.group;
    return String(detail.assignee) === root.dataset.me;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!board()) return;
    board().querySelectorAll(".kanban-cell").forEach(sortable);
    htmx.onLoad(function (element) {
      element.querySelectorAll(".kanban-cell").forEach(sortable);
      if (refocus) {
        var button = element.querySelector('[data-ticket-id="' + refocus + '"] .kanban-menu');
        if (button) button.focus();
        refocus = null;
      }
    });
    document.addEventListener("show.bs.dropdown", function (event) {
      if (event.target.classList.contains("kanban-menu")) fillMenu(event.target);
    });
    document.addEventListener("hidden.bs.dropdown", function () { if (pending) soon(); });
    document.addEventListener("click", choose);
    document.body.addEventListener("live-ticket", function (event) { if (relevant(event.detail)) soon(); });
    document.body.addEventListener("live-resync", soon);
  });
})();
