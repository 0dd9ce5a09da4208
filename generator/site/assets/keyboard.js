/* Keyboard access to the theme's header on a phone: the menu and search openers are buttons that Tab reaches and
   Enter or Space opens; they say whether their panel is open; Escape closes the menu and returns to its button.
   Scrolling boxes (wide tables) can be reached and scrolled with the keyboard. Every page loads this script. */
(function () {
  "use strict";

  function toggleOf(opener) {
    return document.getElementById(opener.getAttribute("for"));
  }

  var openers = Array.prototype.slice.call(document.querySelectorAll("label.air-opener[for]"));
  var drawer = document.querySelector(".md-sidebar--primary");
  if (drawer && !drawer.id) {
    drawer.id = "air-drawer";
  }
  openers.forEach(function (opener) {
    var toggle = toggleOf(opener);
    if (!toggle) {
      return;
    }
    opener.setAttribute("tabindex", "0");
    if (toggle.id === "__drawer" && drawer) {
      opener.setAttribute("aria-controls", drawer.id);
    }
    function sync() {
      opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
    toggle.addEventListener("change", sync);
    sync();
    opener.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") {
        return;
      }
      event.preventDefault();
      event.stopPropagation();  // the theme's own key handler would click the label a second time
      opener.click();
      if (toggle.id === "__drawer" && toggle.checked && drawer) {
        var first = drawer.querySelector("a[href], label[tabindex], input, button");
        if (first) {
          // After the drawer's slide-in has started, so the link is visible when it gets focus.
          window.setTimeout(function () { first.focus(); }, 50);
        }
      }
    });
  });

  var menu = document.getElementById("__drawer");
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu && menu.checked) {
      menu.checked = false;
      menu.dispatchEvent(new Event("change"));
      var opener = document.querySelector("label.air-opener[for='__drawer']");
      if (opener) {
        opener.focus();
      }
    }
  });

  // The theme's search results box is a Tab stop even while the search is closed (and 0 px tall): only while open.
  var searchToggle = document.getElementById("__search");
  var results = document.querySelector(".md-search__scrollwrap");
  if (searchToggle && results) {
    var syncResults = function () { results.setAttribute("tabindex", searchToggle.checked ? "0" : "-1"); };
    searchToggle.addEventListener("change", syncResults);
    syncResults();
  }

  // The theme's search box is a dialog: it gets the name of its field.
  var dialog = document.querySelector(".md-search[role=dialog]");
  var query = document.querySelector(".md-search__input");
  if (dialog && query && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", query.getAttribute("aria-label") || query.getAttribute("placeholder") || "");
  }

  // A box that scrolls sideways (a wide table) is a Tab stop, with a name (its table's caption, else the heading
  // before it), so it can be scrolled by keyboard.
  function headingBefore(node) {
    for (var n = node; n && n !== document.body; n = n.parentElement) {
      for (var s = n.previousElementSibling; s; s = s.previousElementSibling) {
        if (/^H[1-6]$/.test(s.tagName)) {
          return s.textContent.replace(/\u00b6/g, "").trim();
        }
      }
    }
    return document.title;
  }
  var names = {};
  Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap")).forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      var caption = box.querySelector("table caption");
      var name = caption ? caption.textContent.trim() : headingBefore(box);
      names[name] = (names[name] || 0) + 1;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", names[name] > 1 ? name + " (" + names[name] + ")" : name);
    }
  });
}());
