// "Copy link" on story pages. Without JavaScript the link is an ordinary link that can be
// copied or shared like any other; this only adds a button that copies it in one step.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var link = document.querySelector(button.getAttribute("data-copy-link"));
    var status = document.querySelector("[data-copy-link-status]");
    if (!link || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "Copied."; }
      });
    });
  });
}());
