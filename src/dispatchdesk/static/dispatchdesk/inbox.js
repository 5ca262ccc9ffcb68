/* The inbox: "select all on this page", the count of ticked tickets, only the chosen bulk action's field,
   and the list's order kept for j/k on the ticket pages. Runs again after htmx swaps the list. */
(function () {
  "use strict";
  var LIST_KEY = "dispatchdesk.ticketList";

  function checks() { return Array.prototype.slice.call(document.querySelectorAll(".ticket-check")); }

  function countSelected() {
    var shown = document.getElementById("bulk-selected-count");
    if (shown) shown.textContent = checks().filter(function (box) { return box.checked; }).length;
  }

  function showBulkField() {
    var action = document.getElementById("id_bulk-action");
    document.querySelectorAll(".bulk-param").forEach(function (box) {
      var wanted = action && action.value && box.classList.contains("bulk-" + action.value);
      box.classList.toggle("d-none", !wanted);
    });
  }

  function remember() {
    var urls = Array.prototype.map.call(document.querySelectorAll(".inbox-row"), function (row) {
      return row.dataset.ticketUrl;
    });
    sessionStorage.setItem(LIST_KEY, JSON.stringify(urls));
  }

  function setUp() {
    var all = document.getElementById("select-page");
    if (all) all.addEventListener("change", function () {
      checks().forEach(function (box) { box.checked = all.checked; });
      countSelected();
    });
    checks().forEach(function (box) { box.addEventListener("change", countSelected); });
    countSelected();
    remember();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var action = document.getElementById("id_bulk-action");
    if (action) action.addEventListener("change", showBulkField);
    showBulkField();
    setUp();
  });
  document.body.addEventListener("htmx:afterSwap", setUp);
})();
