/* opendata-course serve: shows the errors of a failed rebuild over the last
   good page. Only included in pages built by `opendata-course serve`. */
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
})();
