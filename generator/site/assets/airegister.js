/* The register's search: the search box in the header of every page, and the words and filters of the
   "All systems" page. Both search this language's index (Pagefind, in the "pagefind" folder of the language's
   tree), which the browser fetches in small parts, and only once the reader is in the search field or uses the
   filters. Every word shown comes from the page (translated when the site was built). Text from the index is
   only ever set as text, never as HTML. */
(function () {
  "use strict";

  var engines = {};

  /* Pagefind for the language tree at `root` (relative to this page), loaded once. */
  function engine(root) {
    var base = new URL(root, document.baseURI);
    if (!engines[base.href]) {
      engines[base.href] = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: base.pathname, excerptLength: 20 })).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
    }
    return engines[base.href];
  }

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined && text !== null) {
      element.textContent = text;
    }
    return element;
  }

  function counted(lang, one, other, n) {
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang || "en") : null;
    return (rules && rules.select(n) === "one" ? one : other).replace("{num}", n);
  }

  /* Pagefind's excerpt is the page's text with <mark> around the words found: keep the text and the marks only. */
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");  // inert: nothing runs
    var out = document.createDocumentFragment();
    var paragraph = parsed.body.firstChild;
    Array.prototype.forEach.call(paragraph ? paragraph.childNodes : [], function (node) {
      out.appendChild(node.nodeName === "MARK" ? make("mark", null, node.textContent) : document.createTextNode(node.textContent));
    });
    return out;
  }

  /* "Did you mean": the words of the systems' names and summaries, one small file per word length (built with the
     site), fetched only after a search found nothing. A word one letter away (missing, extra, wrong or swapped) is
     replaced by the most frequent such word. */
  var wordFiles = {};

  function fetchJson(address) {
    if (!wordFiles[address]) {
      wordFiles[address] = fetch(address).then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; });
    }
    return wordFiles[address];
  }

  /* The words of one length; search/words.json lists the lengths that have a file, so none is asked for in vain. */
  function wordsOfLength(root, length) {
    return fetchJson(new URL(root + "search/words.json", document.baseURI).href).then(function (lengths) {
      if (lengths.indexOf(length) === -1) {
        return [];
      }
      return fetchJson(new URL(root + "search/words-" + length + ".json", document.baseURI).href);
    });
  }

  function oneApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) {
      return false;
    }
    var i = 0;
    while (i < a.length && a[i] === b[i]) {
      i += 1;
    }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function wordsOf(text) {
    return text.toLowerCase().match(/[\p{L}]+(?:['’-][\p{L}]+)*/gu) || [];
  }

  /* The query with its misspelt words replaced, or null; only the words in `wrong` are corrected when it is given. */
  function suggestion(root, query, wrong) {
    var words = wordsOf(query);
    return Promise.all(words.map(function (word) {
      if (word.length < 4 || (wrong && wrong.indexOf(word) === -1)) {
        return word;
      }
      var n = word.length;
      return Promise.all([wordsOfLength(root, n), wordsOfLength(root, n - 1), wordsOfLength(root, n + 1)]).then(function (lists) {
        if (lists.some(function (list) { return list.indexOf(word) !== -1; })) {
          return word;
        }
        for (var l = 0; l < lists.length; l += 1) {
          for (var k = 0; k < lists[l].length; k += 1) {
            var other = lists[l][k];  // another form of the same word (plural...) is no misspelling
            if (oneApart(word, other) && other.indexOf(word) !== 0 && word.indexOf(other) !== 0) {
              return other;
            }
          }
        }
        return word;
      });
    })).then(function (fixed) {
      var better = fixed.join(" ");
      return better !== words.join(" ") ? better : null;
    });
  }

  /* Was each word of the query found? Pagefind searches a word that no word of the index begins with as the longest
     word of the index that begins IT: "invoise" as "in" (nearly every page), "parkign" as "park". Such results are not
     what the reader typed. A word counts as found when a search for it in quotes, which takes no shorter word, finds a
     page (the index holds its stem: "library" for "libraries"; this needs no part of the index not already fetched),
     or when the first result holds a word that begins with it ("esc" for "escalators", as the reader types). For the
     words not found, "did you mean" is looked for; the results are dropped (the reader is told that nothing was
     found) unless there is nothing to offer and the words the first result holds begin with at least half of each
     word not found, four letters or more: a compound word ("tarkastajakoulutus" finds "tarkastaja"). `searches` are
     Pagefind's answers to the query whose first results are shown anyway (the text of the first one is looked at);
     the answer is {drop, better}. */
  function plain(word) {
    return word.normalize("NFD").replace(/[^\p{L}]/gu, "").toLowerCase();  // as Pagefind compares: no accents
  }

  function begun(held, word) {
    return held.reduce(function (most, w) {
      var i = 0;
      while (i < w.length && w[i] === word[i]) {
        i += 1;
      }
      return Math.max(most, i);
    }, 0);
  }

  var NOWHERE = "(no page)";  // a "kind" that no page has

  function judge(pagefind, root, query, searches) {
    var words = wordsOf(query);
    return Promise.all(words.map(function (word) {
      // Filtered to no page, so that no result is made (at 5,000 records: 15 ms instead of 100 to 900); Pagefind still
      // counts the pages that hold the word. The "kind" filter is fetched already, for the search itself.
      return pagefind.search("\"" + word + "\"", { filters: { kind: NOWHERE } }).then(function (exact) {
        return !exact.unfilteredResultCount;
      });
    })).then(function (unsure) {
      var doubtful = words.filter(function (word, i) { return unsure[i] && plain(word); });
      var first = searches.filter(function (search) { return search.results.length; })[0];
      if (!doubtful.length) {
        return [];
      }
      return (first ? first.results[0].data() : Promise.resolve({})).then(function (data) {
        var text = (data.content || "").split(/\s+/);
        var held = (data.locations || []).map(function (at) { return plain(text[at] || ""); });
        return doubtful.map(function (word) { return [word, begun(held, plain(word))]; }).filter(function (pair) {
          return pair[1] < plain(pair[0]).length;
        });
      });
    }).then(function (lost) {
      if (!lost.length) {
        return { drop: false, better: null };
      }
      return suggestion(root, query, lost.map(function (pair) { return pair[0]; })).then(function (better) {
        var near = lost.every(function (pair) { return pair[1] >= 4 && pair[1] * 2 >= plain(pair[0]).length; });
        return { drop: Boolean(better) || !near, better: better };
      });
    });
  }

  function suggestionBlock(words, better, use) {
    var block = make("p", "air-search__suggest", words + " ");
    var button = make("button", "air-search__suggestion", better);
    button.type = "button";
    button.addEventListener("click", function () { use(better); });
    block.appendChild(button);
    return block;
  }

  /* The filter that selects one group of results. Only the other pages carry a "kind" (OTHER_KINDS in
     generator/build/search.py): the systems are the pages that have none, which keeps the filter small. */
  var OTHER_KINDS = ["page", "staff"];

  function kindFilter(kind) {
    return OTHER_KINDS.indexOf(kind) === -1 ? { none: OTHER_KINDS } : kind;
  }

  window.airSearch = { engine: engine, kindFilter: kindFilter, make: make, counted: counted, judge: judge, suggestionBlock: suggestionBlock };

  /* ---- The search box in the header ------------------------------------------------------------------------ */

  function headerBox(form) {
    var input = form.querySelector(".air-search__input");
    var panel = form.querySelector(".air-search__panel");
    var status = form.querySelector(".air-search__status");
    var opener = form.querySelector(".air-search__open");
    var words = form.dataset;
    var turn = 0;
    var timer = null;
    /* The groups of results, in this order: [kind, heading, shown at first, shown more at each "Show more"]. Only the
       results shown are fetched (each one's text is a small file of the index), so a first search stays small even
       when thousands of systems match; the documentation for city staff is listed only when the reader asks. */
    var groups = [["system", words.systems, 5, 5], ["page", words.pages, 3, 3], ["staff", words.staff, 0, 5]];
    panel.tabIndex = -1;

    function close() {
      panel.hidden = true;
    }

    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll("a, button"));
    }

    function result(data, system) {
      var item = make("li", "air-search__result");
      var link = make("a", "air-search__link");
      link.href = data.url;
      link.appendChild(make("span", "air-search__title", data.meta && data.meta.title ? data.meta.title : data.url));
      item.appendChild(link);
      if (system) {
        item.appendChild(make("p", "air-search__summary", data.meta.summary || ""));
        var meta = make("p", "air-search__meta");
        meta.appendChild(make("span", "air-search__department", data.meta.department || ""));
        meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(make("span", "air-search__status-label", data.meta.status || ""));
        item.appendChild(meta);
      } else {
        var text = make("p", "air-search__excerpt");
        text.appendChild(excerpt(data.excerpt));
        item.appendChild(text);
      }
      return item;
    }

    /* "Show 5 more results" under a group that has more than it shows: fetches the next ones' texts only then, adds
       them to the list and moves the focus to the first one added. */
    function moreButton(group, results, list, heading, mine) {
      var button = make("button", "air-search__more");
      button.type = "button";
      button.setAttribute("aria-describedby", heading.id);
      function label() {
        var next = Math.min(group[3], results.length - list.children.length);
        button.textContent = list.children.length ? counted(words.lang, words.moreOne, words.moreOther, next)
          : counted(words.lang, words.showOne, words.showOther, next);
      }
      label();
      var busy = false;
      button.addEventListener("click", function () {
        if (busy) {
          return;
        }
        busy = true;
        var from = list.children.length;
        Promise.all(results.slice(from, from + group[3]).map(function (r) { return r.data(); })).then(function (datas) {
          busy = false;
          if (mine !== turn) {
            return;
          }
          datas.forEach(function (data) { list.appendChild(result(data, group[0] === "system")); });
          if (!list.parentNode) {
            panel.insertBefore(list, button);
          }
          var first = list.children[from] && list.children[from].querySelector("a");
          if (first) {
            first.focus();
          }
          if (list.children.length >= results.length) {
            button.remove();
          } else {
            label();
          }
        }).catch(function () { busy = false; });
      });
      return button;
    }

    function show(query, found, pages, better, mine) {
      var total = found.reduce(function (sum, search) { return sum + search.results.length; }, 0);
      var summary = total ? counted(words.lang, words.one, words.other, total) : words.none;
      panel.textContent = "";
      panel.appendChild(make("p", "air-search__count", summary));
      groups.forEach(function (group, i) {
        var results = found[i].results;
        if (!results.length) {
          return;
        }
        var heading = make("h2", "air-search__group", group[1] + " (" + results.length + ")");
        heading.id = "air-search-group-" + group[0];
        panel.appendChild(heading);
        var list = make("ol", "air-search__list");
        pages[i].forEach(function (data) { list.appendChild(result(data, group[0] === "system")); });
        if (pages[i].length) {
          panel.appendChild(list);  // an empty list waits for "Show" to be added
        }
        if (results.length > pages[i].length) {
          panel.appendChild(moreButton(group, results, list, heading, mine));
        }
      });
      var all = make("a", "air-search__all", words.all);
      all.href = form.action + "?q=" + encodeURIComponent(query);
      panel.appendChild(all);
      panel.hidden = false;
      status.textContent = summary;
      if (better) {  // a word not found is one letter away from a word of the systems' names or summaries
        panel.insertBefore(suggestionBlock(words.suggest, better, function (text) {
          input.value = text;
          input.focus();
          run();
        }), all);
        status.textContent = summary + " " + words.suggest + " " + better;
      }
    }

    function run() {
      var query = input.value.trim();
      turn += 1;
      var mine = turn;
      if (!query) {
        close();
        status.textContent = "";
        return;
      }
      engine(form.dataset.root).then(function (pagefind) {
        return Promise.all(groups.map(function (group) {
          return pagefind.search(query, { filters: { kind: kindFilter(group[0]) } });
        })).then(function (found) {
          var shown = found.filter(function (search, i) { return groups[i][2] > 0; });  // not the staff's texts: large
          return judge(pagefind, form.dataset.root, query, shown).then(function (verdict) {
            if (verdict.drop) {  // a word was not found, only shorter words that begin it: nothing to show
              found = found.map(function () { return { results: [] }; });
            }
            return Promise.all(found.map(function (search, i) {
              return Promise.all(search.results.slice(0, groups[i][2]).map(function (r) { return r.data(); }));
            })).then(function (pages) {
              if (mine === turn) {
                show(query, found, pages, verdict.better, mine);
              }
            });
          });
        });
      }).catch(function () {
        if (mine === turn) {
          panel.textContent = "";
          panel.appendChild(make("p", "air-search__count", words.failed));
          panel.hidden = false;
          status.textContent = words.failed;
        }
      });
    }

    if (opener) {
      opener.addEventListener("click", function (event) {
        event.preventDefault();
        form.classList.add("air-search--open");
        input.focus();
      });
    }
    input.addEventListener("focus", function () {
      engine(form.dataset.root).catch(function () { return null; });
      if (input.value.trim() && panel.childNodes.length) {
        panel.hidden = false;
      }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        if (event.target !== input) {
          input.focus();
        } else if (!panel.hidden) {
          close();
        } else if (form.classList.contains("air-search--open")) {
          form.classList.remove("air-search--open");
          opener.focus();
        }
      } else if (event.key === "ArrowDown" && !panel.hidden && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at !== -1) {
        event.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
        close();
        form.classList.remove("air-search--open");
      }
    });
  }

  var box = document.querySelector("form.air-search");
  if (box) {
    headerBox(box);
  }
}());
