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
  var epoch = parseFloat(meta.getAttribute("content"));
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
