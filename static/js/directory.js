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

/* Map of the results: only when the server gives a tile URL (MAP_TILE_URL) and Leaflet is loaded.
   The list stays the primary interface; the map repeats it. */
(function () {
  "use strict";
  var box = document.querySelector("[data-map]");
  if (!box || typeof window.L === "undefined") { return; }
  var L = window.L;
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(box.getAttribute("data-tiles"), {
    maxZoom: 18, attribution: box.getAttribute("data-attribution") || ""
  }).addTo(map);
  var bounds = [];
  var centre = [parseFloat(box.getAttribute("data-lat")), parseFloat(box.getAttribute("data-lon"))];
  if (!isNaN(centre[0]) && !isNaN(centre[1])) { bounds.push(centre); }
  document.querySelectorAll(".relais-result[data-lat]").forEach(function (item, index) {
    var position = [parseFloat(item.getAttribute("data-lat")), parseFloat(item.getAttribute("data-lon"))];
    var link = item.querySelector("h3 a");
    var name = item.getAttribute("data-name") || "";
    var marker = L.marker(position, { alt: (index + 1) + ". " + name, title: name, keyboard: true }).addTo(map);
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link.getAttribute("href");
      anchor.textContent = link.textContent + " — " + name;
      marker.bindPopup(anchor);
    }
    bounds.push(position);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
  else if (bounds.length === 1) { map.setView(bounds[0], 14); }
})();
