// Quick exit: leave for a neutral site, replacing this page in history so Back does not
// return here. Works from the visible button, the skip link, and Shift pressed three times
// within two seconds. Without JavaScript the links still lead away.
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-quick-exit]");
  if (!links.length) { return; }
  var target = links[0].getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    try { document.body.hidden = true; } catch (e) { /* keep going */ }
    window.location.replace(target);
  }

  links.forEach(function (link) { link.addEventListener("click", leave); });

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
}());
