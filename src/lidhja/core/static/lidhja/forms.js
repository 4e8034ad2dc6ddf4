// Forms that guide: a form's error summary takes focus when the page (or an HTMX swap) brings
// one, and its links move focus to the field they name. No inline script (strict CSP).
(function () {
  "use strict";
  var SUMMARY = "[data-error-summary]";

  function summaryIn(root) {
    if (!root || !root.querySelector) {
      return null;
    }
    if (root.matches && root.matches(SUMMARY)) {
      return root;
    }
    return root.querySelector(SUMMARY);
  }

  function focusSummary(root) {
    var summary = summaryIn(root);
    if (summary && !summary.dataset.focused) {
      summary.dataset.focused = "yes";
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(document);
  });
  document.addEventListener("htmx:load", function (event) {
    focusSummary(event.target);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(SUMMARY + " a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    }
  });
})();
