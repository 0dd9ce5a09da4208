// The live preview (mkdocs serve, make serve, airegister preview) only: reload the page when the site was rebuilt.
// MkDocs' own reload script is written inline into each page, which the pages' Content-Security-Policy blocks;
// this file is served by the site itself, so the policy allows it. It asks MkDocs' server the same question:
// the server answers when a build newer than this page's (the epoch in the page) is ready.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="airegister-preview"]');
  if (!meta) {
    return;
  }
  // The build this page comes from. MkDocs' server writes the newest finished build's number into its own (blocked)
  // inline script of every page it serves: a page the last build did not rewrite (a dirty build) is still current,
  // so that number is the one to compare; the page's own, written when it was built, is the fallback.
  var epoch = parseFloat(meta.getAttribute("content"));
  var inline = document.querySelectorAll("script:not([src])");
  for (var i = 0; i < inline.length; i += 1) {
    var served = /livereload\((\d+),\s*\d+\)/.exec(inline[i].textContent || "");
    if (served && parseFloat(served[1]) > epoch) {
      epoch = parseFloat(served[1]);
    }
  }
  var id = Date.now();
  var request = null;
  var timer = null;

  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      if (this.status === 200 && parseFloat(this.responseText) > epoch) {
        location.reload();
      } else if (request === this) {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }

  function stop() {
    if (request) {
      var current = request;
      request = null;
      current.abort();
    }
    clearTimeout(timer);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      stop();
      poll();
    } else {
      stop();
    }
  });
  window.addEventListener("beforeunload", stop);
  if (document.visibilityState === "visible") {
    poll();
  }
})();
