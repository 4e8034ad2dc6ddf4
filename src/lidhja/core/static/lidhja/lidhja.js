/* Small enhancements; every page works without them (strict CSP: no inline script).
   - The header's menu button on narrow screens (max-width: 48em in lidhja.css). Without this
     script the menu stays open: the `js` class that lets the stylesheet fold it away is set
     here, before the page is drawn, so nothing jumps.
   - A table's scrolling box is named after the table's caption, or else the heading above it
     (the template names it only "Table"). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function wire() {
    var button = document.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) {
      root.classList.remove("js");
      return;
    }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and gives the focus back to its button.
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    setOpen(false);
  }

  function headingBefore(element) {
    var headings = document.querySelectorAll("main h1, main h2, main h3");
    var found = null;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = headings[i];
      }
    }
    return found;
  }

  function nameTableBoxes() {
    var boxes = document.querySelectorAll(".table-scroll:not([data-named])");
    for (var i = 0; i < boxes.length; i++) {
      var caption = boxes[i].querySelector("caption");
      var source = caption || headingBefore(boxes[i]);
      var name = source && source.textContent.replace(/\s+/g, " ").trim();
      if (name) {
        boxes[i].setAttribute("aria-label", name);
      }
      boxes[i].setAttribute("data-named", "");
    }
  }

  function start() {
    wire();
    nameTableBoxes();
    document.body.addEventListener("htmx:afterSettle", nameTableBoxes);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
