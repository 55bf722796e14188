// Drag and drop on the opportunity board: dropping a card on a column sets the card's own
// "Move to" list to that column's stage and submits its form, the same POST as the button
// (with the version the card had), so the server decides and reports exactly as without JS.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var dragged = null;
    document.querySelectorAll(".board .card[draggable=true]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        dragged = card;
        card.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.dataset.card || "");
      });
      card.addEventListener("dragend", function () {
        card.classList.remove("dragging");
        dragged = null;
      });
    });
    document.querySelectorAll(".board .board-column").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        column.classList.add("drop-target");
      });
      column.addEventListener("dragleave", function () {
        column.classList.remove("drop-target");
      });
      column.addEventListener("drop", function (event) {
        column.classList.remove("drop-target");
        if (!dragged) return;
        event.preventDefault();
        var form = dragged.querySelector("form.move-form");
        var select = form && form.querySelector("select[name=stage]");
        if (!select || select.value === column.dataset.stage) return;
        select.value = column.dataset.stage;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      });
    });
  });
})();
