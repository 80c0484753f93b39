// The year grid (年历): pick a range of days by clicking (or Enter/Space on) its first and last
// day; the form's start and end fields are filled. Without this script the fields are typed.
(function () {
  "use strict";
  var grid = document.querySelector(".year-grid");
  var form = document.getElementById("mark-form");
  if (!grid || !form) return;
  var start = form.querySelector("input[name=start]");
  var end = form.querySelector("input[name=end]");
  var cells = Array.prototype.slice.call(grid.querySelectorAll("td[data-day]"));
  var anchor = null;

  Array.prototype.forEach.call(form.querySelectorAll("[data-js-only]"), function (node) {
    node.hidden = false;
  });

  function highlight(first, last) {
    cells.forEach(function (cell) {
      var day = cell.dataset.day;
      var chosen = first !== null && day >= first && day <= last;
      cell.classList.toggle("cal-selected", chosen);
      cell.firstChild.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }

  function choose(day) {
    if (anchor === null) {
      anchor = day;
      start.value = day;
      end.value = "";
      highlight(day, day);
      return;
    }
    var first = day < anchor ? day : anchor;
    var last = day < anchor ? anchor : day;
    start.value = first;
    end.value = last;
    anchor = null;
    highlight(first, last);
  }

  // Each day becomes a button (keyboard and screen readers included); the cell keeps the colours.
  cells.forEach(function (cell) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cal-pick";
    while (cell.firstChild) button.appendChild(cell.firstChild);
    var full = document.createElement("span"); // the whole date for screen readers, after the visible text
    full.className = "visually-hidden";
    full.textContent = " " + cell.dataset.day;
    button.appendChild(full);
    cell.appendChild(button);
    button.addEventListener("click", function () {
      choose(cell.dataset.day);
    });
  });

  [start, end].forEach(function (input) {
    input.addEventListener("change", function () {
      anchor = null;
      if (start.value) highlight(start.value, end.value || start.value);
    });
  });
})();
