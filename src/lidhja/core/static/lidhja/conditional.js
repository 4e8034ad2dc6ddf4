// Fields shown only for some answers of another field (`data-shown-when="direction"
// data-shown-values="outgoing incoming"`, declared in cases/domain/inputs.py as `shown_when`).
// A hidden field is also disabled, so that it is not sent. Without script every field stays
// shown, and the service refuses a field that does not apply. A static file: no inline script.
(function () {
  "use strict";

  function valueOf(form, name) {
    var fields = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if ((field.type !== "radio" && field.type !== "checkbox") || field.checked) {
        return field.value;
      }
    }
    return "";
  }

  function update(form) {
    var boxes = form.querySelectorAll("[data-shown-when]");
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      var values = box.getAttribute("data-shown-values").split(" ");
      var shown = values.indexOf(valueOf(form, box.getAttribute("data-shown-when"))) !== -1;
      box.hidden = !shown;
      var inputs = box.querySelectorAll("input, select, textarea");
      for (var j = 0; j < inputs.length; j += 1) {
        inputs[j].disabled = !shown;
      }
    }
  }

  function updateAll(root) {
    var forms = (root || document).querySelectorAll("form");
    for (var i = 0; i < forms.length; i += 1) {
      update(forms[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    updateAll(document);
  });
  document.addEventListener("change", function (event) {
    if (event.target.form) {
      update(event.target.form);
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    updateAll(document);
  });
})();
