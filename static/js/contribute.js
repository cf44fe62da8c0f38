// Progressive enhancement for the contributor journey; every page works without it.
// - "Copy the code" button next to the claim code.
// Deliberately no "leave this page?" prompt: someone who must close the tab at once
// must never be stopped by a dialog.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!target || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "Copied."; }
      });
    });
  });
}());
