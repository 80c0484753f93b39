// Wide tables on a phone: a table wider than its column scrolls sideways inside a region that the
// keyboard can reach and a screen reader names (WCAG 2.1.1 and 4.1.2; axe "scrollable-region-focusable").
// Templates that render through includes/list_table.html already mark their .table-wrap; this marks
// every other table of the page: it wraps a bare table in a .table-wrap, and gives a wrap that
// actually scrolls role="region", tabindex="0" and an aria-label taken from the table's caption or the
// heading before it. Re-checked when the window is resized (a phone turned sideways). A static file,
// so the CSP needs no nonce.
(function () {
  "use strict";
  var FALLBACK = document.documentElement.lang.indexOf("zh") === 0 ? "表格" : "Table";

  function labelOf(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var node = table.closest(".table-wrap") || table;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) return previous.textContent.trim();
        var inner = previous.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1].textContent.trim();
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return FALLBACK;
  }

  function mark() {
    document.querySelectorAll("main table").forEach(function (table) {
      var wrap = table.parentElement;
      if (!wrap.classList.contains("table-wrap")) {
        wrap = document.createElement("div");
        wrap.className = "table-wrap";
        table.parentNode.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      if (wrap.dataset.region === "server") return;  // marked by the template itself
      if (wrap.getAttribute("role") === "region" && !wrap.dataset.region) {
        wrap.dataset.region = "server";
        return;
      }
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("aria-label", labelOf(table));
        wrap.dataset.region = "script";
      } else if (wrap.dataset.region === "script") {
        wrap.removeAttribute("role");
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.region;
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(mark, 150);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", later);
})();
