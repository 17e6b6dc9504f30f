// Document safe: only an enhancement. Shows a "please wait" line while big photos are sent
// (the page works the same without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll("form[data-relais-upload]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.classList.add("relais-uploading");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.setAttribute("aria-disabled", "true"); }
    });
  });
})();
