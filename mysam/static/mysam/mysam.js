/* Mysam: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  /* A table wider than the screen scrolls inside its .table-wrap box. Keyboard users must be
     able to reach that box to scroll it (WCAG 2.1.1), so a box that actually scrolls becomes a
     focusable, named region; one that fits stays out of the tab order. */
  function labelFor(box) {
    var caption = box.querySelector("caption");
    var heading = box.previousElementSibling;
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (heading && /^H[2-4]$/.test(heading.tagName)) return heading.textContent.trim();
    return document.documentElement.lang === "en" ? "Table" : "Tabell";
  }

  function markScrollableTables() {
    var boxes = document.querySelectorAll(".table-wrap, .diagram");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.dataset.mysamFixed === "author") continue;
      if (box.hasAttribute("tabindex") && !box.dataset.mysamFixed) {
        box.dataset.mysamFixed = "author"; /* the template already made it a region */
        continue;
      }
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", labelFor(box));
        box.dataset.mysamFixed = "script";
      } else if (box.dataset.mysamFixed === "script") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.mysamFixed;
      }
    }
  }

  document.addEventListener("DOMContentLoaded", markScrollableTables);
  window.addEventListener("resize", markScrollableTables);
  document.addEventListener("htmx:afterSwap", markScrollableTables);
})();
