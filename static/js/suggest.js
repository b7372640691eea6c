// Suggestions for a 三级指标 name from the indicator library and from the same project's rows of last year, as
// an ARIA combobox: ↑ ↓ move through the list, Enter fills the row, Escape closes it. Picking fills the name,
// description, sign and unit and records where the row came from; the number is left to the user. Without this
// script the name is typed by hand and the row is recorded as typed.
(function () {
  "use strict";

  var container = document.querySelector("[data-suggest-url]");
  var listbox = document.getElementById("indicator-suggestions");
  var status = document.querySelector("[data-suggest-status]");
  if (!container || !listbox) return;
  var url = container.dataset.suggestUrl;
  var labels = listbox.dataset;
  var active = null; // the name input the list belongs to
  var items = []; // {option, data, kind}
  var current = -1;
  var timer = null;
  var requestNumber = 0;

  function field(row, suffix) {
    return row.querySelector("[name$='-" + suffix + "']");
  }

  function enhance(input) {
    if (input.getAttribute("role") === "combobox") return;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");
  }

  function pageValue(id) {
    var element = document.getElementById(id);
    return element ? element.value : "";
  }

  function close() {
    listbox.hidden = true;
    listbox.innerHTML = "";
    items = [];
    current = -1;
    if (active) {
      active.setAttribute("aria-expanded", "false");
      active.removeAttribute("aria-activedescendant");
    }
  }

  function fetchFor(input) {
    var row = input.closest("[data-row]");
    var category = field(row, "category");
    var sub = field(row, "subcategory_name");
    if (!category || !sub || !category.value || !sub.value) {
      close();
      return;
    }
    var params = new URLSearchParams({
      category: category.value,
      subcategory: sub.value,
      q: input.value,
      code: pageValue("id_code"),
      name: pageValue("id_name"),
      purpose: pageValue("id_purpose"),
    });
    var number = ++requestNumber;
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || number !== requestNumber || document.activeElement !== input) return;
        show(input, data);
      })
      .catch(function () { close(); });
  }

  function heading(text) {
    var li = document.createElement("li");
    li.setAttribute("role", "presentation");
    li.className = "suggest-group";
    li.textContent = text;
    listbox.appendChild(li);
  }

  function option(kind, data, title, detail, value) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.id = listbox.id + "-" + items.length;
    var name = document.createElement("span");
    name.className = "suggest-name";
    name.textContent = title;
    li.appendChild(name);
    if (value) {
      var typical = document.createElement("span");
      typical.className = "suggest-value";
      typical.textContent = value;
      li.appendChild(typical);
    }
    if (detail) {
      var small = document.createElement("span");
      small.className = "suggest-detail";
      small.textContent = detail;
      li.appendChild(small);
    }
    listbox.appendChild(li);
    items.push({ option: li, data: data, kind: kind });
  }

  function show(input, data) {
    listbox.innerHTML = "";
    items = [];
    current = -1;
    if (data.history.length) {
      heading(labels.historyLabel);
      data.history.forEach(function (row) {
        var reached = row.actual ? "；" + labels.actualLabel + " " + row.actual : "";
        option("last_year", row, row.name, row.description, labels.targetLabel + " " + row.value_text + reached);
      });
    }
    if (data.suggestions.length) {
      heading(labels.libraryLabel);
      data.suggestions.forEach(function (entry) {
        var shape = entry.comparator || entry.unit ? entry.comparator + " … " + entry.unit : "";
        var value = entry.common_value ? labels.typicalLabel + " " + entry.common_value : shape;
        var source = entry.curated ? labels.curatedLabel : labels.usedLabel + " " + entry.use_count;
        option("library", entry, entry.name, [entry.definition, source].filter(Boolean).join(" · "), value);
      });
    }
    if (!items.length) {
      close();
      return;
    }
    input.closest("td").appendChild(listbox);
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    if (!items.length) return;
    current = (index + items.length) % items.length;
    items.forEach(function (item, i) {
      item.option.setAttribute("aria-selected", i === current ? "true" : "false");
    });
    active.setAttribute("aria-activedescendant", items[current].option.id);
    items[current].option.scrollIntoView({ block: "nearest" });
  }

  function pick(item) {
    var row = active.closest("[data-row]");
    var data = item.data;
    active.value = data.name;
    var description = field(row, "description");
    var text = item.kind === "library" ? data.definition : data.description;
    if (description && text && !description.value) description.value = text;
    var value = field(row, "value_text");
    var sign = data.comparator || "";
    if (value && !value.value && (sign || data.unit)) value.value = sign + (data.unit || "");
    field(row, "origin").value = item.kind;
    field(row, "library_entry").value = item.kind === "library" ? data.id : "";
    if (item.kind === "last_year") {
      var basis = field(row, "basis");
      if (basis) {
        basis.value = "history";
        basis.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    close();
    if (status) status.textContent = labels.filledLabel + " " + data.name;
    if (value) {
      value.focus();
      value.setSelectionRange(sign.length, sign.length);
    }
  }

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-row] input[name$='-name']") || !container.contains(input)) return;
    enhance(input);
    if (active !== input) close();
    active = input;
    if (!input.value) fetchFor(input);
  });

  document.addEventListener("focusout", function (event) {
    if (event.target === active && !listbox.contains(event.relatedTarget)) close();
  });

  document.addEventListener("input", function (event) {
    if (event.target !== active) return;
    clearTimeout(timer);
    timer = setTimeout(function () { fetchFor(active); }, 150);
  });

  document.addEventListener("keydown", function (event) {
    if (event.target !== active) return;
    var open = !listbox.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) highlight(current + 1);
      else fetchFor(active);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(current - 1);
    } else if (event.key === "Enter" && open && current >= 0) {
      event.preventDefault();
      pick(items[current]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  listbox.addEventListener("mousedown", function (event) {
    // Keep focus in the input, so the list does not close before the click lands.
    event.preventDefault();
    var li = event.target.closest("[role=option]");
    var found = items.filter(function (item) { return item.option === li; })[0];
    if (found) pick(found);
  });
})();
