/* Procedures: show or hide conditional questions live. The server checks conditions again;
   without JavaScript every question stays visible with its "À remplir seulement si…" hint. */
(function () {
  "use strict";
  var form = document.querySelector("[data-procedure-form]");
  if (!form) { return; }
  var blocks = form.querySelectorAll("[data-condition]");
  if (!blocks.length) { return; }

  function valueOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) { return undefined; }
    var first = inputs[0];
    if (first.type === "radio") {
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked) { return normalise(inputs[i].value); }
      }
      return null;
    }
    if (first.type === "checkbox") {
      var values = [];
      for (var j = 0; j < inputs.length; j++) { if (inputs[j].checked) { values.push(inputs[j].value); } }
      return values;
    }
    return first.value === "" ? null : first.value;
  }

  function normalise(value) {
    if (value === "yes") { return true; }
    if (value === "no") { return false; }
    return value;
  }

  function same(a, b) {
    if (typeof a === "boolean" || typeof b === "boolean" || a === null || b === null) { return a === b; }
    return String(a) === String(b);
  }

  function evaluate(cond) {
    if (!cond) { return true; }
    if (cond.and) { return cond.and.every(evaluate); }
    if (cond.or) { return cond.or.some(evaluate); }
    var actual = valueOf(cond.field);
    if (actual === undefined) { return true; } /* answered on another page: the server decides */
    var expected = cond.value;
    if (Array.isArray(actual)) {
      if (cond.op === "eq") { return actual.some(function (v) { return same(v, expected); }); }
      if (cond.op === "not_eq") { return !actual.some(function (v) { return same(v, expected); }); }
      if (cond.op === "in") { return actual.some(function (v) { return (expected || []).some(function (e) { return same(v, e); }); }); }
      return false;
    }
    if (cond.op === "eq") { return same(actual, expected); }
    if (cond.op === "not_eq") { return !same(actual, expected); }
    if (cond.op === "in") { return (expected || []).some(function (e) { return same(actual, e); }); }
    return true;
  }

  function refresh() {
    for (var i = 0; i < blocks.length; i++) {
      var cond;
      try { cond = JSON.parse(blocks[i].getAttribute("data-condition")); } catch (e) { cond = null; }
      blocks[i].hidden = !evaluate(cond);
    }
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  refresh();
})();
