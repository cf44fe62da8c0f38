// Moderation workstation helpers. Everything works without this file; it only saves steps.
(function () {
  "use strict";

  // Select words in the revealed original, then press the button to copy them into the
  // "Hide more words" field, ready to submit.
  function selectedOriginalWords() {
    var original = document.querySelector("[data-original-text]");
    var selection = window.getSelection();
    if (!original || !selection || selection.isCollapsed) return "";
    if (!original.contains(selection.anchorNode) || !original.contains(selection.focusNode)) return "";
    return selection.toString().replace(/\s+/g, " ").trim();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("[data-redaction-words]");
    var original = document.querySelector("[data-original-text]");
    if (field && original) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = original.getAttribute("data-copy-label");
      button.addEventListener("click", function () {
        var words = selectedOriginalWords();
        if (words) {
          field.value = words.slice(0, 200);
          field.focus();
        }
      });
      field.insertAdjacentElement("afterend", button);
    }
  });
})();
