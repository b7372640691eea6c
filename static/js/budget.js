// 预算数 = 财政资金 + 其他资金, worked out as the user types either amount. Without this script the three
// amounts are typed by hand; the server checks the sum either way. Amounts are added as whole cents, so
// 0.10 + 0.20 is 0.30 and not a floating-point near miss.
(function () {
  "use strict";

  var budget = document.querySelector("input[name='budget']");
  var fiscal = document.querySelector("input[name='fiscal_funds']");
  var other = document.querySelector("input[name='other_funds']");
  if (!budget || !fiscal || !other || budget.disabled) return;

  function cents(input) {
    var text = input.value.trim();
    if (!text) return 0;
    var match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  function amount(total) {
    var rest = String(total % 100);
    return Math.floor(total / 100) + "." + (rest.length < 2 ? "0" + rest : rest);
  }

  function update() {
    var a = cents(fiscal);
    var b = cents(other);
    if (a !== null && b !== null && (fiscal.value.trim() || other.value.trim())) budget.value = amount(a + b);
  }

  budget.readOnly = true;
  budget.classList.add("computed");
  var note = document.getElementById(budget.id + "_computed");
  if (note) note.hidden = false;
  fiscal.addEventListener("input", update);
  other.addEventListener("input", update);
})();
