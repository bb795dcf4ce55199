/* The sidebar stays open from 1280 px (issue 23: 1280 px laptops lost it). Unfold's theme()
   (unfold/js/app.js) closes it at `innerWidth <= 1280` although its own CSS already lays it
   out beside the page from 1280 px (Tailwind's `xl`). Alpine fires alpine:init before it reads
   any x-data, after app.js has defined theme(), so the wrapper below is in place for the
   <html x-data="theme(...)"> of every page. Only the width test changes; the user's own
   choice (the toggle, remembered in localStorage) is kept. */
(function () {
  "use strict";

  var WIDE = 1280; // px: Tailwind's xl, where Unfold's CSS puts the sidebar beside the page

  function remembered() {
    return localStorage.getItem("sidebarOpen") !== "0";
  }

  document.addEventListener("alpine:init", function () {
    var unfoldTheme = window.theme;
    if (typeof unfoldTheme !== "function" || unfoldTheme._crmWide) return;
    var wideTheme = function () {
      var data = unfoldTheme.apply(this, arguments);
      data.sidebarOpen = window.innerWidth >= WIDE && remembered();
      data.sidebarToggle = function () {
        this.sidebarOpen = !this.sidebarOpen;
        if (window.innerWidth >= WIDE) localStorage.setItem("sidebarOpen", this.sidebarOpen ? "1" : "0");
      };
      if (data.themeBindings) {
        data.themeBindings["x-resize.window"] = function () {
          this.sidebarOpen = window.innerWidth >= WIDE && remembered();
        };
      }
      return data;
    };
    wideTheme._crmWide = true;
    window.theme = wideTheme;
  });
})();
