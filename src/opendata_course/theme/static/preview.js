/* opendata-course serve: reloads the page after each rebuild, and shows the
   errors of a failed rebuild over the last good page. Only included in pages
   built by `opendata-course serve`. */
(function () {
  "use strict";
  var base = document.currentScript.src.replace(/static\/preview\.js.*$/, "");
  var loader = document.createElement("script");
  loader.src = base + "preview-errors.js?" + Date.now();
  loader.onload = function () {
    var errors = window.__previewErrors || [];
    if (!errors.length) return;
    var box = document.createElement("div");
    box.setAttribute("role", "alert");
    box.className = "preview-errors";
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;" +
      "background:#fff4f4;color:#5a0000;border-top:4px solid #b3001b;padding:1rem 1.5rem;" +
      "font:14px/1.5 ui-monospace,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.2)";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font:700 16px system-ui,sans-serif";
    title.textContent = errors[0];
    box.appendChild(title);
    errors.slice(1).forEach(function (line) {
      var p = document.createElement("p");
      p.style.margin = "0";
      p.textContent = line;
      box.appendChild(p);
    });
    document.body.appendChild(box);
  };
  document.head.appendChild(loader);

  /* /__reload answers when the build after `since` is on disk (or after a
     while, with the same number): then reload, the address (and a deck's
     slide) kept. */
  function watch(since) {
    fetch(base + "__reload?since=" + since, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var build = parseInt(text, 10);
        if (since >= 0 && build !== since) location.reload();
        else { window.__previewBuild = build; watch(build); }  /* watching: the tests wait for it */
      })
      .catch(function () { setTimeout(function () { watch(since); }, 1000); });  /* server restarting */
  }
  if (location.protocol === "http:") watch(-1);
})();
