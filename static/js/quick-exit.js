// Exit this page, as GOV.UK's component does it: leave for a neutral site, replacing this
// page in history so Back does not return here. Works from the visible button, the skip
// link, and the Shift key pressed and released on its own three times within five
// seconds. Shift held for a capital letter does not count (another key is pressed while
// it is down), and any other key starts the count again, so typing never leaves the page.
// Without JavaScript the links still lead away.
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-quick-exit]");
  if (!links.length) { return; }
  var target = links[0].getAttribute("href");
  var indicator = document.querySelector("[data-exit-indicator]");
  var announcer = document.querySelector("[data-exit-status]");
  var PRESSES = 3;
  var WINDOW_MS = 5000;

  function leave(event) {
    if (event) { event.preventDefault(); }
    try { document.body.hidden = true; } catch (e) { /* keep going */ }
    window.location.replace(target);
  }

  links.forEach(function (link) { link.addEventListener("click", leave); });

  var count = 0;
  var shiftDown = false;
  var shiftAlone = false;
  var timer = null;

  function show(n) {
    if (indicator) {
      indicator.hidden = n === 0;
      indicator.querySelectorAll("span").forEach(function (light, i) {
        light.classList.toggle("is-lit", i < n);
      });
    }
    if (announcer) {
      var left = PRESSES - n;
      announcer.textContent = n === 0 ? "" :
        (announcer.getAttribute(left === 1 ? "data-one-more" : "data-more") || "")
          .replace("%(n)s", String(left));
    }
  }

  function reset() {
    count = 0;
    if (timer) { clearTimeout(timer); timer = null; }
    show(0);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { shiftDown = true; shiftAlone = true; }
      return;
    }
    // Any other key, with or without Shift held: this is typing, not an exit.
    shiftAlone = false;
    if (count) { reset(); }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var counted = shiftDown && shiftAlone;
    shiftDown = false;
    shiftAlone = false;
    if (!counted) { return; }
    count += 1;
    show(count);
    if (timer) { clearTimeout(timer); }
    if (count >= PRESSES) { leave(); return; }
    timer = setTimeout(reset, WINDOW_MS);
  });

  // Losing focus while Shift is down (switching windows) must not count as a press.
  window.addEventListener("blur", function () { shiftDown = false; shiftAlone = false; });
}());
