// Editable lists (goals, indicator rows): add rows, move them up and down, and narrow the 二级 choices to the
// chosen 一级. Without this script the page still works: rows are ordered by the 顺序 numbers, the server
// checks every 一级/二级 pair, and one blank row is always offered.
(function () {
  "use strict";

  function rowsOf(container) {
    return Array.from(container.querySelector("[data-rows]").children);
  }

  function renumber(container) {
    rowsOf(container).forEach(function (row, index) {
      var position = row.querySelector("input[name$='-position']");
      if (position) position.value = index + 1;
    });
  }

  function narrowSubcategories(row) {
    var category = row.querySelector("select[name$='-category']");
    var sub = row.querySelector("select[name$='-subcategory_name']");
    if (!category || !sub) return;
    if (!sub.dataset.allOptions) sub.dataset.allOptions = sub.innerHTML;
    var keep = sub.value;
    var holder = document.createElement("select");
    holder.innerHTML = sub.dataset.allOptions;
    sub.innerHTML = "";
    sub.appendChild(holder.options[0]);
    Array.from(holder.querySelectorAll("optgroup")).forEach(function (group) {
      if (group.label !== category.value) return;
      Array.from(group.children).forEach(function (option) { sub.appendChild(option); });
    });
    sub.value = Array.from(sub.options).some(function (o) { return o.value === keep; }) ? keep : "";
  }

  // Rows of the same 一级 print as one merged cell; a rule above each new 一级 shows where the groups are.
  function markGroups(container) {
    var previous = null;
    rowsOf(container).forEach(function (row) {
      var category = row.querySelector("select[name$='-category']");
      if (!category) return;
      row.classList.toggle("group-start", previous !== null && category.value !== previous);
      row.classList.toggle("group-continues", previous !== null && category.value === previous);
      previous = category.value;
    });
  }

  function showControls(scope) {
    scope.querySelectorAll("[data-move], [data-add-row]").forEach(function (el) { el.hidden = false; });
    var rows = scope.matches("[data-row]") ? [scope] : Array.from(scope.querySelectorAll("[data-row]"));
    rows.forEach(narrowSubcategories);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move], [data-add-row]");
    if (!button) return;
    var container = button.closest("[data-formset]");
    if (button.hasAttribute("data-add-row")) {
      var total = container.querySelector("input[name$='-TOTAL_FORMS']");
      var html = container.querySelector("template[data-empty-row]").innerHTML.replace(/__prefix__/g, total.value);
      var tbody = container.querySelector("[data-rows]");
      tbody.insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
      var added = tbody.lastElementChild;
      showControls(added);
      renumber(container);
      markGroups(container);
      var first = added.querySelector("select, input:not([type=hidden]), textarea");
      if (first) first.focus();
      return;
    }
    var row = button.closest("[data-row]");
    if (button.dataset.move === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    }
    renumber(container);
    markGroups(container);
    button.focus();
  });

  document.addEventListener("change", function (event) {
    var row = event.target.closest("[data-row]");
    if (event.target.matches("select[name$='-category']")) {
      narrowSubcategories(row);
      markGroups(event.target.closest("[data-formset]"));
    }
  });

  document.querySelectorAll("[data-formset]").forEach(function (container) {
    showControls(container);
    markGroups(container);
  });
})();
