/* Keyboard access to the theme's header on a phone: the menu and search openers are buttons that Tab reaches and
   Enter or Space opens; they say whether their panel is open; a menu opened by keyboard takes the focus, and Escape
   closes it and returns to its button. Wide tables can be reached and scrolled with the keyboard. Every page loads
   this script; without it, the theme's own openers are shown (theme.css). */
(function () {
  "use strict";

  var drawer = document.querySelector(".md-sidebar--primary");
  if (drawer && !drawer.id) {
    drawer.id = "air-drawer";
  }
  Array.prototype.slice.call(document.querySelectorAll("button.air-opener[data-air-toggle]")).forEach(function (opener) {
    var toggle = document.getElementById(opener.getAttribute("data-air-toggle"));
    if (!toggle) {
      return;
    }
    if (toggle.id === "__drawer" && drawer) {
      opener.setAttribute("aria-controls", drawer.id);
    }
    function sync() {
      opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
    toggle.addEventListener("change", sync);
    sync();
    opener.addEventListener("click", function (event) {
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", {bubbles: true}));
      sync();
      if (toggle.checked && toggle.id === "__search") {
        var field = document.querySelector(".md-search__input");
        if (field) {
          field.focus();
        }
      } else if (toggle.checked && drawer && event.detail === 0) {  // opened by keyboard: go into the menu
        var first = drawer.querySelector("a[href], label[tabindex='0'], input, button");
        if (first) {
          window.setTimeout(function () { first.focus(); }, 50);  // once the drawer is visible
        }
      }
    });
  });

  var menu = document.getElementById("__drawer");
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu && menu.checked) {
      menu.checked = false;
      menu.dispatchEvent(new Event("change", {bubbles: true}));
      var opener = document.querySelector("button.air-opener[data-air-toggle='__drawer']");
      if (opener) {
        opener.focus();
      }
    }
  });

  // A section the reader closed stays closed when printing (the theme opens every <details> before printing).
  var printing = false;
  var folds = Array.prototype.slice.call(document.querySelectorAll("details.air-fold"));
  folds.forEach(function (fold) {
    fold.addEventListener("toggle", function () {
      if (!printing) {
        fold.toggleAttribute("data-air-closed", !fold.open);
      }
    });
  });
  function keepClosed() {
    folds.forEach(function (fold) {
      if (fold.open && fold.hasAttribute("data-air-closed")) {
        fold.open = false;
      }
    });
  }
  if (window.MutationObserver && folds.length) {  // the theme opens them just after "beforeprint": close them again
    var observer = new MutationObserver(function () {
      if (printing) {
        keepClosed();
      }
    });
    folds.forEach(function (fold) { observer.observe(fold, {attributes: true, attributeFilter: ["open"]}); });
  }
  window.addEventListener("beforeprint", function () {
    printing = true;
    keepClosed();
  });
  window.addEventListener("afterprint", function () {
    window.setTimeout(function () {
      folds.forEach(function (fold) {
        fold.open = !fold.hasAttribute("data-air-closed");
      });
      printing = false;
    }, 0);
  });

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
  function scrollBoxes() {
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
  }
  // The theme wraps wide tables from its own script: look once it has, and again when the width changes.
  scrollBoxes();
  window.addEventListener("load", function () { window.setTimeout(scrollBoxes, 0); });
  window.addEventListener("resize", scrollBoxes);
}());
