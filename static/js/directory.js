/* Directory search: "around me" with the browser's geolocation (progressive enhancement). */
(function () {
  "use strict";
  var block = document.querySelector("[data-geo]");
  var form = document.getElementById("recherche");
  if (!block || !form || !("geolocation" in navigator)) { return; }
  block.hidden = false;
  var button = block.querySelector("[data-geo-button]");
  var status = block.querySelector("[data-geo-status]");
  button.addEventListener("click", function () {
    status.textContent = block.getAttribute("data-msg-wait");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("input[name=lat]").value = position.coords.latitude.toFixed(5);
      form.querySelector("input[name=lon]").value = position.coords.longitude.toFixed(5);
      var where = form.querySelector("input[name=ou]");
      if (where) { where.value = ""; }
      var code = form.querySelector("input[name=ou_code]");
      if (code) { code.value = ""; }
      status.textContent = block.getAttribute("data-msg-ok");
      form.submit();
    }, function () {
      status.textContent = block.getAttribute("data-msg-fail");
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
  });
})();
