/* Relais progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  // Elements marked data-relais-js-only are hidden in the HTML (class relais-hidden) and shown here.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-relais-js-only]").forEach(function (el) { el.classList.remove("relais-hidden"); });
    // Print buttons: <button data-relais-print>
    document.querySelectorAll("[data-relais-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
  });
})();
