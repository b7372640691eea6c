// Asks before the reader leaves an edit page whose form holds changes that are not saved. Forms opt in with
// data-warn-unsaved; data-unsaved="true" marks a form shown again after a refused save, whose input is
// unsaved from the start. Without this script the page works the same, it only does not ask.
(function () {
  "use strict";

  var forms = Array.from(document.querySelectorAll("form[data-warn-unsaved]"));
  if (!forms.length) return;

  // Rows added from a <template> or moved with the arrows change the form without an input event, so the
  // form's content is compared as a whole rather than tracked field by field.
  function contentOf(form) {
    return Array.from(new FormData(form).entries())
      .filter(function (pair) { return typeof pair[1] === "string"; })
      .map(function (pair) { return pair[0] + "=" + pair[1]; })
      .sort()
      .join("&");
  }

  var submitting = false;
  var initial = new Map(forms.map(function (form) { return [form, contentOf(form)]; }));

  function hasUnsavedChanges(form) {
    return form.dataset.unsaved === "true" || contentOf(form) !== initial.get(form);
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function () { submitting = true; });
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !forms.some(hasUnsavedChanges)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Coming back through the browser's history restores the page as it was left, submit flag included.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) submitting = false;
  });
})();
