/* 主动公开 document page (issue 13): a file chosen in the upload form but not uploaded would be
   silently dropped when the page is left through another form (提交保密审查, 保存 …). Warn and
   let the editor upload first. The message comes from the form's data-unsent-message
   attribute, so it is translated on the server. No inline script (CSP). */
(function () {
  "use strict";
  var upload = document.querySelector("form[data-upload-guard]");
  if (!upload) { return; }
  var message = upload.getAttribute("data-unsent-message");
  function chosen() {
    var inputs = upload.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].files && inputs[i].files.length) { return true; }
    }
    return false;
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (form === upload) { return; }
    form.addEventListener("submit", function (event) {
      if (chosen() && !window.confirm(message)) {
        event.preventDefault();
      }
    });
  });
})();
