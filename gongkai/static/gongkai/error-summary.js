// After a failed submit: move focus to the error summary, and make its links focus the field they
// name (a plain in-page link scrolls but leaves focus behind). A static file, so the CSP needs no nonce.
(function () {
  "use strict";
  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var control = target.matches("input, select, textarea")
        ? target
        : target.querySelector("input, select, textarea");
      if (!control) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      control.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
