/* Commune picker: turns the text input of relais.www.territory.widgets into an ARIA 1.2 combobox.
   htmx loads the suggestions (a role=listbox fragment) into [data-picker-results]; this file adds
   the keyboard, the selection (fills the hidden INSEE code) and the announcements.
   Without this file the picker still works: the server resolves the typed text. */
(function () {
  "use strict";
  if (window.relaisCommunePicker) { return; }
  window.relaisCommunePicker = true;

  function setup(root) {
    if (root.dataset.pickerReady) { return; }
    root.dataset.pickerReady = "1";
    var input = root.querySelector("[data-picker-input]");
    var hidden = root.querySelector("[data-picker-code]");
    var results = root.querySelector("[data-picker-results]");
    var live = root.querySelector("[data-picker-live]");
    if (!input || !hidden || !results) { return; }
    var listboxId = input.id + "-listbox";
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listboxId);
    input.setAttribute("autocomplete", "off");

    function options() { return Array.prototype.slice.call(results.querySelectorAll("[role=option]")); }
    function announce(text) { if (live) { live.textContent = text || ""; } }
    function isOpen() { return !results.hidden; }

    function open() {
      if (!results.children.length) { return; }
      results.hidden = false;
      input.setAttribute("aria-expanded", options().length ? "true" : "false");
    }
    function close() {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }
    function setActive(index) {
      var opts = options();
      active = index;
      opts.forEach(function (opt, i) { opt.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && opts[index]) {
        input.setAttribute("aria-activedescendant", opts[index].id);
        opts[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(opt) {
      input.value = opt.getAttribute("data-label");
      hidden.value = opt.getAttribute("data-code");
      close();
      announce(opt.getAttribute("data-label"));
    }

    input.addEventListener("input", function () {
      hidden.value = "";  // the text changed: the server will resolve it again
      if (input.value.trim().length < 2) { results.innerHTML = ""; close(); }
    });
    input.addEventListener("keydown", function (event) {
      var opts = options();
      switch (event.key) {
        case "ArrowDown":
          if (!opts.length) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); }
          setActive(active + 1 >= opts.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (!opts.length) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); }
          setActive(active - 1 < 0 ? opts.length - 1 : active - 1);
          break;
        case "Enter":
          if (isOpen() && active >= 0 && opts[active]) {
            event.preventDefault();
            choose(opts[active]);
          }
          break;
        case "Escape":
          if (isOpen()) { event.preventDefault(); close(); }
          break;
        case "Tab":
          close();
          break;
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { if (!root.contains(document.activeElement)) { close(); } }, 150);
    });
    // mousedown keeps the focus in the input; click chooses.
    results.addEventListener("mousedown", function (event) { event.preventDefault(); });
    results.addEventListener("click", function (event) {
      var opt = event.target.closest("[role=option]");
      if (opt) { choose(opt); input.focus(); }
    });
    root.addEventListener("htmx:afterSwap", function () {
      active = -1;
      var message = results.querySelector("[data-picker-message]");
      if (document.activeElement === input && results.children.length) { open(); } else { close(); }
      input.setAttribute("aria-expanded", options().length && isOpen() ? "true" : "false");
      announce(message ? message.textContent : "");
    });
  }

  function init() { document.querySelectorAll("[data-commune-picker]").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:load", init);
})();
