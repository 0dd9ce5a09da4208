/* Filters on the "All systems" page. Without JavaScript the full list is shown and the
   filter form stays hidden. The chosen filters are kept in the address (?domain=...&status=...)
   so that a filtered view can be shared. No other page is affected. */
(function () {
  "use strict";

  var form = document.getElementById("air-filters");
  var list = document.getElementById("air-results");
  if (!form || !list) {
    return;
  }
  var cards = Array.prototype.slice.call(list.querySelectorAll(".air-card"));
  var status = document.getElementById("air-result-count");
  // The words come from the page (translated at build time): "{num} systems", "Showing {shown} of {total} systems".
  var browse = document.querySelector(".air-browse");
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(browse.dataset.lang || "en") : null;
  function countText(n) {
    var words = plural && plural.select(n) === "one" ? browse.dataset.allOne : browse.dataset.allOther;
    return words.replace("{num}", n);
  }
  function someText(shown, total) {
    return browse.dataset.some.replace("{shown}", shown).replace("{total}", total);
  }
  var empty = document.getElementById("air-no-results");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var facets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]")).map(function (fieldset) {
    return fieldset.getAttribute("data-facet");
  });

  function valuesOf(card, facet) {
    var value = card.getAttribute("data-" + facet) || "";
    return facet === "domain" ? value.split(" ").filter(Boolean) : [value];
  }

  function selection() {
    var chosen = {};
    facets.forEach(function (facet) { chosen[facet] = []; });
    inputs.forEach(function (input) {
      if (input.checked && chosen[input.name]) {
        chosen[input.name].push(input.value);
      }
    });
    return chosen;
  }

  function matches(card, chosen, except) {
    return facets.every(function (facet) {
      if (facet === except || chosen[facet].length === 0) {
        return true;
      }
      return valuesOf(card, facet).some(function (value) { return chosen[facet].indexOf(value) !== -1; });
    });
  }

  function apply(updateAddress) {
    var chosen = selection();
    var shown = 0;
    cards.forEach(function (card) {
      var visible = matches(card, chosen, null);
      card.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    // Each option shows how many systems would match if it were chosen, given the other groups.
    inputs.forEach(function (input) {
      var count = cards.filter(function (card) {
        return matches(card, chosen, input.name) && valuesOf(card, input.name).indexOf(input.value) !== -1;
      }).length;
      var label = input.parentNode.querySelector(".air-facet__count");
      if (label) {
        label.textContent = "(" + count + ")";
      }
    });
    status.textContent = shown === cards.length ? countText(cards.length) : someText(shown, cards.length);
    empty.hidden = shown !== 0;
    if (updateAddress && window.history && window.history.replaceState) {
      var params = new URLSearchParams();
      inputs.forEach(function (input) {
        if (input.checked) {
          params.append(input.name, input.value);
        }
      });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    inputs.forEach(function (input) {
      input.checked = params.getAll(input.name).indexOf(input.value) !== -1;
    });
  }

  form.hidden = false;
  readAddress();
  apply(false);
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { apply(true); }, 0);
  });
  window.addEventListener("popstate", function () {
    readAddress();
    apply(false);
  });
}());
