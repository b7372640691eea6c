// Workflow buttons ask in a dialog before they act. Without this script the server asks instead: a POST without
// `confirmed` answers with a page that says what will happen and asks again.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-confirm-form]")) return;
    var button = event.submitter || form.querySelector("[data-confirm]");
    var question = button && button.getAttribute("data-confirm");
    if (!question) return;
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var confirmed = form.querySelector("input[name='confirmed']");
    if (!confirmed) {
      confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      form.appendChild(confirmed);
    }
    confirmed.value = "1";
  });
})();
