// newsfuse: the colour theme. Follows the system (prefers-color-scheme) until the reader picks one with
// the header's toggle; the pick is remembered in localStorage. Loaded in <head> so no page flashes.
(function () {
  "use strict";
  var KEY = "newsfuse:theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function current() { return root.dataset.theme || (system && system.matches ? "dark" : "light"); }
  var pick = stored();
  if (pick === "dark" || pick === "light") { root.dataset.theme = pick; }

  function label(button) {
    var dark = current() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (!button) { return; }
    button.hidden = false;
    label(button);
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
      label(button);
    });
    if (system && system.addEventListener) { system.addEventListener("change", function () { label(button); }); }
  });
}());
