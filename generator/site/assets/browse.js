/* The "All systems" page: words and filters that search this language's index (see airegister.js), page by page.

   Without JavaScript the page shows the filters as links to a page per value and the first systems by name.
   Here the links become checkboxes; choosing one, typing words or turning the page searches the index and
   shows one page of systems with the count, announced to screen readers. The address keeps the view
   (?q=parking&status=in%20use&page=2), so it can be shared and bookmarked. */
(function () {
  "use strict";

  function start() {
    var page = document.querySelector(".air-browse");
    var filters = document.getElementById("air-filters");
    var tools = window.airSearch;
    var header = document.querySelector("form.air-search");  // the search box, put in by the site's build with its index
    if (!page || !filters || !tools || !header) {
      return;  // no index for this site: the filters stay links to a page per value
    }
    var words = page.dataset;
    var make = tools.make;
    var size = parseInt(words.pageSize, 10) || 20;
    var total = parseInt(words.total, 10) || 0;
    var list = document.getElementById("air-results");
    var count = document.getElementById("air-result-count");
    var empty = document.getElementById("air-no-results");
    var pager = document.getElementById("air-pager");
    var suggest = document.getElementById("air-suggest");
    var query = document.getElementById("air-browse-query");
    var root = header.dataset.root;
    var facets = Array.prototype.map.call(filters.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      return fieldset.getAttribute("data-facet");
    });
    var state = { q: "", chosen: {}, page: 1 };
    var turn = 0;
    var timer = null;

    // The links to each value's page become checkboxes with the same words.
    Array.prototype.forEach.call(filters.querySelectorAll("a.air-facet__link"), function (link) {
      var label = make("label", "air-facet__choice");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = link.closest("fieldset").getAttribute("data-facet");
      box.value = link.getAttribute("data-value");
      label.appendChild(box);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(link.querySelector(".air-facet__label"));
      link.parentNode.replaceChild(label, link);
    });
    var boxes = Array.prototype.slice.call(filters.querySelectorAll("input[type=checkbox]"));
    filters.classList.add("air-filters--live");
    count.tabIndex = -1;

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      state.q = (params.get("q") || "").trim();
      state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
      state.chosen = {};
      facets.forEach(function (facet) { state.chosen[facet] = params.getAll(facet); });
      query.value = state.q;
      boxes.forEach(function (box) { box.checked = state.chosen[box.name].indexOf(box.value) !== -1; });
    }

    function writeAddress() {
      var params = new URLSearchParams();
      if (state.q) {
        params.set("q", state.q);
      }
      facets.forEach(function (facet) { state.chosen[facet].forEach(function (value) { params.append(facet, value); }); });
      if (state.page > 1) {
        params.set("page", state.page);
      }
      var text = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    }

    function readBoxes() {
      facets.forEach(function (facet) { state.chosen[facet] = []; });
      boxes.forEach(function (box) {
        if (box.checked) {
          state.chosen[box.name].push(box.value);
        }
      });
    }

    function filtersExcept(except) {
      var out = { kind: tools.kindFilter("system") };
      facets.forEach(function (facet) {
        if (facet !== except && state.chosen[facet].length) {
          out[facet] = { any: state.chosen[facet] };
        }
      });
      return out;
    }

    function badge(kind, value, label) {
      var element = make("span", "air-badge air-badge--" + kind, label || "");
      element.setAttribute("data-value", value || "");
      return element;
    }

    function card(data) {
      var item = make("li", "air-card");
      var title = make("h2", "air-card__title");
      var link = make("a", null, data.meta.title || data.url);
      link.href = data.url;
      title.appendChild(link);
      item.appendChild(title);
      item.appendChild(make("p", "air-card__summary", data.meta.summary || ""));
      var meta = make("p", "air-card__meta");
      meta.appendChild(make("span", "air-card__department", data.meta.department || ""));
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(badge("status", (data.filters.status || [])[0], data.meta.status));
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(badge("classification", (data.filters.classification || [])[0], data.meta.classification));
      item.appendChild(meta);
      return item;
    }

    function showCounts(counts) {
      boxes.forEach(function (box) {
        var label = box.closest("li").querySelector(".air-facet__count");
        var n = (counts[box.name] || {})[box.value] || 0;
        if (label) {
          label.textContent = "(" + n + ")";
        }
      });
    }

    function showPager(pages) {
      pager.textContent = "";
      if (pages < 2) {
        return;
      }
      function go(to) {
        state.page = to;
        update(true);
      }
      var previous = make("button", "md-button air-pager__previous", words.previous);
      previous.type = "button";
      previous.disabled = state.page <= 1;
      previous.addEventListener("click", function () { go(state.page - 1); });
      var next = make("button", "md-button air-pager__next", words.next);
      next.type = "button";
      next.disabled = state.page >= pages;
      next.addEventListener("click", function () { go(state.page + 1); });
      pager.appendChild(previous);
      pager.appendChild(make("span", "air-pager__where", words.page.replace("{page}", state.page).replace("{pages}", pages)));
      pager.appendChild(next);
    }

    function describe(found) {
      var anyFilter = facets.some(function (facet) { return state.chosen[facet].length; });
      if (state.q) {
        return tools.counted(words.lang, words.foundOne, words.foundOther, found);
      }
      if (anyFilter) {
        return words.some.replace("{shown}", found).replace("{total}", total);
      }
      return tools.counted(words.lang, words.allOne, words.allOther, found);
    }

    function update(focusList) {
      turn += 1;
      var mine = turn;
      writeAddress();
      tools.engine(root).then(function (pagefind) {
        var options = { filters: filtersExcept(null) };
        if (!state.q) {
          options.sort = { name: "asc" };
        }
        var searches = [pagefind.search(state.q || null, options)];
        var own = facets.filter(function (facet) { return state.chosen[facet].length; });
        own.forEach(function (facet) {  // a group's own counts: as if nothing were chosen in it
          searches.push(pagefind.search(state.q || null, { filters: filtersExcept(facet) }));
        });
        return Promise.all(searches).then(function (found) {
          return (state.q ? tools.judge(pagefind, root, state.q, found) : Promise.resolve({})).then(function (verdict) {
            return [found, verdict];
          });
        }).then(function (answer) {
          var found = answer[0];
          var verdict = answer[1];
          if (verdict.drop) {  // a word was not found, only shorter words that begin it (see judge in airegister.js)
            found = found.map(function () { return { results: [], filters: {} }; });
          }
          var main = found[0];
          var pages = Math.max(1, Math.ceil(main.results.length / size));
          state.page = Math.min(state.page, pages);
          var shown = main.results.slice((state.page - 1) * size, state.page * size);
          return Promise.all(shown.map(function (r) { return r.data(); })).then(function (datas) {
            if (mine !== turn) {
              return;
            }
            var counts = {};
            facets.forEach(function (facet) { counts[facet] = main.filters[facet] || {}; });
            own.forEach(function (facet, i) { counts[facet] = found[i + 1].filters[facet] || {}; });
            list.textContent = "";
            datas.forEach(function (data) { list.appendChild(card(data)); });
            showCounts(counts);
            showPager(pages);
            count.textContent = describe(main.results.length);
            if (verdict.better) {  // said with the count, which screen readers announce
              count.appendChild(make("span", "air-visually-hidden", " " + words.suggest + " " + verdict.better));
            }
            empty.hidden = main.results.length !== 0;
            suggest.hidden = true;
            suggest.textContent = "";
            if (verdict.better) {
              suggest.appendChild(tools.suggestionBlock(words.suggest, verdict.better, function (text) {
                query.value = text;
                state.q = text;
                state.page = 1;
                update(false);
              }));
              suggest.hidden = false;
            }
            writeAddress();
            if (focusList) {
              count.focus();
            }
          });
        });
      }).catch(function () {
        if (mine === turn) {
          count.textContent = words.failed;
        }
      });
    }

    filters.addEventListener("change", function () {
      readBoxes();
      state.page = 1;
      update(false);
    });
    filters.addEventListener("submit", function (event) { event.preventDefault(); });
    filters.addEventListener("reset", function () {
      window.setTimeout(function () {
        readBoxes();
        state.page = 1;
        update(false);
      }, 0);
    });
    query.form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = query.value.trim();
      state.page = 1;
      update(false);
    });
    query.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        state.q = query.value.trim();
        state.page = 1;
        update(false);
      }, tools.pause(query.value));
    });
    query.addEventListener("focus", function () { tools.engine(root).catch(function () { return null; }); });
    window.addEventListener("popstate", function () {
      readAddress();
      update(false);
    });
    readAddress();
    if (state.q || state.page > 1 || facets.some(function (facet) { return state.chosen[facet].length; })) {
      update(false);
    } else if (total > size) {
      pager.textContent = "";  // the note for readers without JavaScript; the pages come with the first search
      showPager(Math.ceil(total / size));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
