/* opendata-course slide runtime: one slide at a time, steps, presenter view,
   overview, print. No dependency; works from file:// with no network.

   URL: #12 or #name is a slide (position or name), #12.2 its step 2.
   ?presentateur (or ?presenter) opens the presenter view; ?notes prints the
   notes under each slide. The presenter window drives an audience window
   with postMessage, which works from file:// too. */
(function () {
  "use strict";
  if (window.performance && performance.mark) performance.mark("deck-start");
  var doc = document, html = doc.documentElement, body = doc.body;
  var main = doc.querySelector("main.slides");
  var slides = main ? [].slice.call(main.children).filter(function (el) { return el.classList.contains("slide"); }) : [];
  if (!slides.length) return;

  var S = JSON.parse(body.getAttribute("data-strings") || "{}");
  var slideOf = body.getAttribute("data-slide-of") || "{n} / {total}";
  var duration = parseInt(body.getAttribute("data-duration"), 10) || 0;
  var clockDeck = slides[0].hasAttribute("data-start");
  var query = new URLSearchParams(location.search);
  var presenter = query.has("presentateur") || query.has("presenter");
  var total = slides.length;
  var KEY = "opendata-course-deck";
  var AUDIENCE = "public:" + location.pathname, PRESENTER = "presentateur:" + location.pathname;  // window names, one pair per deck
  var state = { index: -1, step: 0, blank: false };
  var peer = null;        // the other window: presenter or audience
  var typed = "";         // digits typed before Enter
  var notesHome = null;   // presenter view: the notes shown, and the slide they belong to
  var bar = doc.querySelector(".deck-bar");
  var status = doc.querySelector(".deck-status");
  var blankEl = doc.querySelector(".deck-blank");
  var toastEl = doc.querySelector(".deck-toast");
  var help = doc.querySelector(".deck-help");
  var overview = doc.querySelector(".deck-overview");
  var ui = {};
  var starting = true;
  var noticeEl, progress;  // a message with a button to (re)open the other window; slide number and progress

  html.classList.add("deck-js");
  if (presenter) html.classList.add("deck-presenter");
  if (query.has("notes")) setPrintNotes(true, true);

  function fmt(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function of(n, count) { return fmt(slideOf, { n: n, total: count }); }
  function where(index) {  // a slide's place, then its title: what a screen reader hears on a new slide
    var title = titleOf(slides[index]).replace(/\s+/g, " ");
    return of(index + 1, total) + (title ? (html.lang === "en" ? ": " : "\u00a0: ") + title : "");
  }
  function part(cls, parent, inner) {  // from deck.html, or made here for a project's older copy of it
    var found = doc.querySelector("." + cls);
    if (!found) {
      found = parent.appendChild(el("div", cls));
      found.innerHTML = inner;
      found.hidden = true;
    }
    return found;
  }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function maxStep(slide) {
    if (slide._max == null) {
      var max = (parseInt(slide.getAttribute("data-steps"), 10) || 1) - 1;
      slide._steps = [].slice.call(slide.querySelectorAll("[data-step]"));
      slide._steps.forEach(function (e) { max = Math.max(max, +e.getAttribute("data-step") || 0); });
      slide._max = max;
    }
    return slide._max;
  }
  function applySteps(slide, step) {
    maxStep(slide);
    (slide._steps || []).forEach(function (e) {
      e.classList.toggle("step-hidden", +e.getAttribute("data-step") > step);
    });
  }
  function titleOf(slide) {
    var h = slide.querySelector("h1, h2, h3");
    return h ? h.textContent.trim() : "";
  }

  /* ---- navigation ---- */
  function go(index, step, remote) {
    index = Math.max(0, Math.min(total - 1, index | 0));
    var slide = slides[index];
    step = Math.max(0, Math.min(maxStep(slide), step | 0));
    var changed = index !== state.index;
    if (changed) {
      if (state.index >= 0) {
        var old = slides[state.index];
        old.classList.remove("current");
        old.setAttribute("aria-hidden", "true");
        old.inert = true;
      }
      slide.classList.add("current");
      slide.removeAttribute("aria-hidden");
      slide.inert = false;
    }
    if (!changed && step === state.step) return;
    state.index = index;
    state.step = step;
    applySteps(slide, step);
    var hash = "#" + encodeURIComponent(slide.id) + (step ? "." + step : "");
    // On a first visit the address stays bare (a new hash would move the Tab starting point).
    if (location.hash !== hash && (location.hash || !starting)) history.replaceState(history.state, "", hash);
    if (ui.count) ui.count.textContent = (index + 1) + " / " + total;
    showProgress();
    if (changed) say(where(index));
    if (presenter) renderPresenter();
    if (!remote) send();
  }
  function next() {
    var slide = slides[state.index];
    if (state.step < maxStep(slide)) go(state.index, state.step + 1);
    else if (state.index < total - 1) go(state.index + 1, 0);
  }
  function prev() {
    if (state.step > 0) go(state.index, state.step - 1);
    else if (state.index > 0) go(state.index - 1, maxStep(slides[state.index - 1]));
  }
  function parseHash() {
    var hash = location.hash.slice(1);
    try { hash = decodeURIComponent(hash); } catch (e) { /* keep it as it is */ }
    if (!hash) return null;
    var m = /^(.*?)(?:\.(\d+))?$/.exec(hash);
    var names = [hash, m[1]];
    for (var k = 0; k < 2; k++) {
      for (var i = 0; i < total; i++) {
        if (slides[i].id === names[k]) return [i, k ? +m[2] || 0 : 0];
      }
    }
    return /^\d+$/.test(m[1]) ? [+m[1] - 1, +m[2] || 0] : null;
  }
  function setBlank(on, remote) {
    state.blank = !!on;
    blankEl.hidden = !state.blank;
    if (ui.blank) ui.blank.setAttribute("aria-pressed", String(state.blank));
    say(state.blank ? S.blank : where(state.index));
    if (presenter) renderPresenter();
    if (!remote) send();
  }

  /* ---- messages to the user ---- */
  var toastTimer;
  function say(text, visible) {
    status.textContent = text || "";
    if (visible) toast(text);
  }
  function toast(text) {
    toastEl.textContent = text;
    toastEl.hidden = !text;
    clearTimeout(toastTimer);
    if (text) toastTimer = setTimeout(function () { toastEl.hidden = true; }, 2500);
  }

  /* ---- presenter and audience windows in sync. A presenter view with no
     opener opens the audience window, or finds it by name: a session page's
     link opens it on click (only a click may), then loads the presenter. */
  function send(type) {
    if (!peer || peer.closed) return;
    try {
      peer.postMessage({ deck: KEY, path: location.pathname, type: type || "state",
        index: state.index, step: state.step, blank: state.blank, bar: !html.classList.contains("no-progress") }, "*");
    } catch (e) { peer = null; }
  }
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.deck !== KEY || d.path !== location.pathname || !e.source) return;
    var fresh = peer !== e.source;
    peer = e.source;
    notice();
    if (d.type === "hello") { if (presenter) send(); else if (fresh) send("hello"); return; }
    if (d.blank !== state.blank) setBlank(d.blank, true);
    setProgress(d.bar, true);
    go(d.index, d.step, true);
  });
  function openPeer() {
    if (peer && !peer.closed) { peer.focus(); return; }
    var url = location.href.split(/[?#]/)[0] + (presenter ? "" : "?presentateur") + location.hash;
    var win = window.open(url, presenter ? AUDIENCE : PRESENTER, presenter ? "popup,width=1280,height=720" : "popup,width=1280,height=800");
    if (win) { peer = win; notice(); }
    else { notice(S.popup_blocked); noticeEl.lastChild.focus(); }
  }
  function notice(text) {
    noticeEl.hidden = !text;
    if (text) noticeEl.firstChild.textContent = text;
  }

  /* ---- presenter view ---- */
  var started;
  function buildPresenter() {
    doc.title = S.presenter + " — " + doc.title;
    started = +sessionStorage.getItem(KEY + location.pathname) || Date.now();
    sessionStorage.setItem(KEY + location.pathname, started);
    var side = el("aside", "presenter-side");
    side.setAttribute("aria-label", S.presenter);
    var times = el("div", "presenter-times");
    ui.where = el("p", "presenter-where");
    ui.elapsed = el("strong", "presenter-elapsed");
    ui.clock = el("strong", "presenter-clock");
    ui.pace = el("p", "presenter-pace");
    ui.plan = el("p", "presenter-plan");
    ui.planned = el("p", "presenter-planned", fmt(S.planned, { n: minutes(duration) }));
    var reset = el("button", "presenter-reset", S.reset);
    reset.type = "button";
    reset.setAttribute("data-action", "reset");
    var row1 = el("p", "presenter-time"), row2 = el("p", "presenter-time");
    row1.append(el("span", "presenter-label", S.elapsed), " ", ui.elapsed, " ", reset);
    row2.append(el("span", "presenter-label", S.clock), " ", ui.clock);
    times.append(ui.where, row1, row2, ui.pace, ui.plan, ui.planned);
    ui.nextLabel = el("h2", "presenter-heading");
    ui.next = el("div", "presenter-next thumb-frame");
    ui.next.setAttribute("aria-hidden", "true");
    ui.next.inert = true;
    side.append(times, bar, ui.nextLabel, ui.next);
    var notes = el("aside", "presenter-notes");
    notes.setAttribute("aria-labelledby", "presenter-notes-title");
    notes.tabIndex = 0;
    var h = el("h2", null, body.getAttribute("data-notes-title"));
    h.id = "presenter-notes-title";
    h.className = "presenter-heading";
    ui.notes = el("div", "presenter-notes-body");
    ui.noNotes = el("p", "presenter-no-notes", S.no_notes);
    notes.append(h, ui.notes);
    main.after(notes, side);
    side.prepend(noticeEl);
  }
  function clockText(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    s %= 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var now = new Date();
    ui.elapsed.textContent = clockText(now - started);
    ui.clock.textContent = now.toLocaleTimeString(html.lang || "fr", { hour: "2-digit", minute: "2-digit" });
    pace();
    send("hello");  // lets an audience window that was reloaded find us again
    if ((!peer || peer.closed) && noticeEl.hidden) notice(S.no_audience);
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(m) { m = Math.floor(m); return two(Math.floor(m / 60) % 24) + ":" + two(m % 60); }
  function minutes(m) {  // 8 h 30, 45 min
    m = Math.floor(m);
    return m < 60 ? m + "\u00a0min" : Math.floor(m / 60) + "\u00a0h" + (m % 60 ? "\u00a0" + two(m % 60) : "");
  }
  /* Where the agenda says we should be: the current item's start, plus its
     share of the item's time for the slides (and steps) already shown. */
  function planned() {
    var slide = slides[state.index], first = slides[slide._first];
    return slide._a + (slide._b - slide._a) * (state.index - slide._first + state.step / (maxStep(slide) + 1)) / first._n;
  }
  /* A day deck paces against the clock, on its day and within an hour of
     its times; otherwise (a module deck, a rehearsal) against the timer. */
  function pace() {
    ui.pace.hidden = ui.plan.hidden = !(duration || clockDeck) || state.index < 0;
    if (ui.pace.hidden) return;
    var now = new Date(), at = planned(), base = slides[0]._a, late, plan;
    var minute = now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60;
    var day = body.getAttribute("data-date"), today = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
    if (clockDeck && (!day || day === today) && minute > base - 60 && minute < slides[total - 1]._b + 60) {
      late = minute - at;
      plan = fmt(S.plan_clock, { planned: hhmm(at), now: hhmm(minute) });
    } else {
      var elapsed = Math.max(0, now - started) / 60000;
      late = elapsed - (at - base);
      plan = fmt(S.plan_timer, { planned: minutes(at - base), now: minutes(elapsed) });
    }
    var n = Math.round(Math.abs(late));
    ui.pace.textContent = n < 1 ? S.on_time : fmt(late > 0 ? S.behind : S.ahead, { n: minutes(n) });
    ui.plan.textContent = plan;
    ui.pace.className = "presenter-pace " + (n < 1 ? "on-time" : late > 0 ? "behind" : "ahead");
  }
  function renderPresenter() {
    if (!ui.notes) return;
    var slide = slides[state.index], max = maxStep(slide);
    pace();
    ui.where.textContent = of(state.index + 1, total) +
      (max ? " · " + fmt(S.step_of, { n: state.step + 1, total: max + 1 }) : "") + (state.blank ? " · " + S.blank : "");
    // The current slide's notes move to the notes pane, and back to their slide.
    if (notesHome) notesHome[0].appendChild(notesHome[1]);
    var notes = slide.querySelector(":scope > .notes");
    ui.notes.replaceChildren(notes || ui.noNotes);
    notesHome = notes ? [slide, notes] : null;
    // Next: the same slide one step further, or the next slide.
    var target = state.step < max ? [slide, state.step + 1] : state.index < total - 1 ? [slides[state.index + 1], 0] : null;
    ui.nextLabel.textContent = state.step < max ? S.next_step : target ? S.next_slide : S.end;
    ui.next.replaceChildren();
    ui.next.hidden = !target;
    if (target) {
      var copy = thumb(target[0]);
      applySteps(copy, target[1]);
      ui.next.appendChild(copy);
    }
  }
  function resetTimer() {
    started = Date.now();
    sessionStorage.setItem(KEY + location.pathname, started);
    if (ui.elapsed) tick();
  }

  /* ---- copies of slides for the overview and the next-slide preview ---- */
  function thumb(slide) {
    var copy = slide.cloneNode(true);
    copy.classList.remove("current");
    copy.removeAttribute("id");
    copy.removeAttribute("aria-label");
    copy.removeAttribute("aria-roledescription");
    copy.removeAttribute("aria-hidden");
    copy.inert = false;
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    copy.querySelectorAll("[aria-labelledby]").forEach(function (e) { e.removeAttribute("aria-labelledby"); });
    copy.querySelectorAll("a, button, input, select, textarea, summary, [tabindex]").forEach(function (e) {
      e.setAttribute("tabindex", "-1");
      e.removeAttribute("name");
    });
    copy.querySelectorAll(".notes").forEach(function (e) { e.remove(); });
    copy._max = null;
    applySteps(copy, 1e9);
    return copy;
  }

  /* ---- overview ---- */
  var grid = overview.querySelector(".overview-grid");
  function openOverview() {
    if (!grid.children.length) {
      slides.forEach(function (slide, i) {
        var li = el("li", "overview-item");
        var frame = el("div", "thumb-frame");
        frame.setAttribute("aria-hidden", "true");
        frame.inert = true;
        frame.appendChild(thumb(slide));
        var button = el("button", "overview-go");
        button.appendChild(el("span", "overview-number", String(i + 1)));  // on its own dark ground, whatever the slide's
        button.type = "button";
        button.setAttribute("data-index", i);
        button.setAttribute("aria-label", where(i));
        li.append(frame, button);
        grid.appendChild(li);
      });
    }
    [].forEach.call(grid.children, function (li, i) {
      li.classList.toggle("current", i === state.index);
      li.lastChild.setAttribute("aria-current", i === state.index ? "true" : "false");
    });
    overview.showModal();
    var current = grid.children[state.index].lastChild;
    current.focus();
    current.scrollIntoView({ block: "nearest" });
  }
  grid.addEventListener("click", function (e) {
    var button = e.target.closest("[data-index]");
    if (!button) return;
    overview.close();
    go(+button.getAttribute("data-index"), 0);
  });
  overview.addEventListener("keydown", function (e) {
    /* Right after Escape, focus can still be on a button of the closed
       overview: then the key is the deck's (o reopens it). */
    if (!overview.open) return;
    var items = [].slice.call(grid.querySelectorAll("[data-index]"));
    var at = items.indexOf(doc.activeElement);
    if (e.key === "o") { overview.close(); e.preventDefault(); return; }
    if (at < 0) return;
    var columns = 1;
    while (columns < items.length && items[columns].offsetTop === items[0].offsetTop) columns++;
    var moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -at, End: items.length - 1 - at };
    if (!(e.key in moves)) return;
    var to = items[Math.max(0, Math.min(items.length - 1, at + moves[e.key]))];
    to.focus();
    to.scrollIntoView({ block: "nearest" });
    e.preventDefault();
  });

  /* ---- the notice, and the slide number and progress bar for the audience (key c) ---- */
  noticeEl = part("deck-notice", body, '<p role="alert"></p><button type="button" data-action="presenter"></button>');
  noticeEl.lastChild.textContent = presenter ? S.open_audience : S.open_presenter;
  progress = part("deck-progress", main, '<span class="deck-progress-bar"></span><span class="deck-progress-n"></span>');
  progress.setAttribute("aria-hidden", "true");
  progress.hidden = false;
  function showProgress() {
    progress.firstChild.style.width = (100 * (state.index + 1) / total) + "%";
    progress.lastChild.textContent = (state.index + 1) + " / " + total;
  }
  function setProgress(on, remote) {
    if (on == null || on === !html.classList.contains("no-progress")) return;
    html.classList.toggle("no-progress", !on);
    if (!remote) { say(on ? S.progress_on : S.progress_off, true); send(); }
  }

  /* ---- an overfull slide is set in smaller type rather than clipped ---- */
  function over(slide) {  // > 1: the content is that much too big for its slide
    var c = slide._c, style = getComputedStyle(slide);
    var room = slide.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return c.offsetHeight ? Math.max(c.offsetHeight / room, c.scrollWidth / c.clientWidth) : 0;
  }
  function fit() {
    var todo = slides.filter(function (slide) {
      var c = slide._c = slide._c || slide.querySelector(".slide-content");
      if (c) c.style.fontSize = "";
      return c;
    }).filter(function (slide) {
      // Bisection between half size and full size; wrapped text shrinks both ways: start at the square root.
      slide._lo = 0.5;
      slide._hi = 1;
      slide._try = Math.max(0.5, Math.pow(over(slide), -0.5));
      return slide._try < 0.998;
    });
    for (var pass = 0; pass < 5 && todo.length; pass++) {  // all writes, then all reads: one layout a pass
      todo.forEach(function (slide) { slide._c.style.fontSize = slide._try + "em"; });
      todo.forEach(function (slide) {
        slide[over(slide) > 1 ? "_hi" : "_lo"] = slide._try;
        slide._try = (slide._lo + slide._hi) / 2;
      });
    }
    todo.forEach(function (slide) { slide._c.style.fontSize = Math.floor(slide._lo * 1000) / 1000 + "em"; });
  }
  var fitting;
  window.addEventListener("resize", function () { clearTimeout(fitting); fitting = setTimeout(fit, 150); });
  window.addEventListener("load", function () { if (main.querySelector("img")) fit(); });  // images arriving change heights

  /* ---- other commands ---- */
  help.addEventListener("keydown", function (e) {
    if (help.open && (e.key === "?" || e.key === "h")) { help.close(); e.preventDefault(); }
  });
  function toggleHelp() {
    if (help.open) help.close();
    else help.showModal();
  }
  function fullscreen() {
    if (doc.fullscreenElement) doc.exitFullscreen();
    else if (html.requestFullscreen) html.requestFullscreen().catch(function () {});
  }
  var pageStyle = null;
  function setPrintNotes(on, quiet) {
    html.classList.toggle("print-notes", on);
    // @page can not depend on a class: the A4 page size comes with its own style element.
    if (on && !pageStyle) {
      pageStyle = el("style", null, "@page { size: A4 portrait; margin: 12mm; }");
      doc.head.appendChild(pageStyle);
    } else if (!on && pageStyle) {
      pageStyle.remove();
      pageStyle = null;
    }
    if (!quiet) say(on ? S.notes_on : S.notes_off, true);
  }
  var actions = {
    prev: prev, next: next, overview: openOverview, presenter: openPeer,
    blank: function () { setBlank(!state.blank); }, fullscreen: fullscreen, help: toggleHelp,
    reset: resetTimer,
    close: function (e) { e.target.closest("dialog").close(); },
  };
  doc.addEventListener("click", function (e) {
    var button = e.target.closest("[data-action]");
    if (button && actions[button.getAttribute("data-action")]) actions[button.getAttribute("data-action")](e);
  });
  blankEl.addEventListener("click", function () { setBlank(false); });

  /* ---- keyboard ---- */
  doc.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || help.open || overview.open) return;
    var t = e.target, key = e.key;
    var field = /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable;
    var control = field || /^(A|BUTTON|SUMMARY)$/.test(t.tagName);
    if (field && !/^(PageDown|PageUp|Escape)$/.test(key)) return;
    if (/^(ArrowUp|ArrowDown)$/.test(key) && t.closest(".presenter-notes")) return;
    if (/^\d$/.test(key)) {
      typed = (typed + key).slice(-4);
      toast(S.go_to + " " + typed);
      e.preventDefault();
      return;
    }
    if (typed && (key === "Enter" || key === "Backspace" || key === "Escape")) {
      if (key === "Enter") go(+typed - 1, 0);
      typed = key === "Backspace" ? typed.slice(0, -1) : "";
      toast(typed && S.go_to + " " + typed);
      e.preventDefault();
      return;
    }
    if (typed) { typed = ""; toast(""); }
    switch (key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": next(); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": prev(); break;
      case " ": if (control) return; if (e.shiftKey) prev(); else next(); break;
      case "Home": go(0, 0); break;
      case "End": go(total - 1, 0); break;
      case "p": case "P": openPeer(); break;
      case "o": case "O": openOverview(); break;
      case "b": case "B": case ".": setBlank(!state.blank); break;
      case "f": case "F": fullscreen(); break;
      case "n": case "N": setPrintNotes(!html.classList.contains("print-notes")); break;
      case "c": case "C": setProgress(html.classList.contains("no-progress")); break;
      case "r": case "R": if (!presenter) return; resetTimer(); break;
      case "?": case "h": case "H": toggleHelp(); break;
      case "Escape": if (!noticeEl.hidden) notice(); else if (state.blank) setBlank(false); else return; break;
      default: return;
    }
    e.preventDefault();
  });

  /* ---- touch: swipe left or right ---- */
  var touch = null;
  main.addEventListener("touchstart", function (e) {
    touch = e.touches.length === 1 ? [e.touches[0].clientX, e.touches[0].clientY] : null;
  }, { passive: true });
  main.addEventListener("touchend", function (e) {
    if (!touch) return;
    var dx = e.changedTouches[0].clientX - touch[0], dy = e.changedTouches[0].clientY - touch[1];
    touch = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) { if (dx < 0) next(); else prev(); }
  });

  /* ---- toolbar: shown while the mouse moves ---- */
  var idle;
  doc.addEventListener("mousemove", function () {
    html.classList.add("ui-active");
    clearTimeout(idle);
    idle = setTimeout(function () { html.classList.remove("ui-active"); }, 2500);
  });

  /* ---- printing from the presenter view: notes back in their slide ---- */
  window.addEventListener("beforeprint", function () { if (notesHome) notesHome[0].appendChild(notesHome[1]); });
  window.addEventListener("afterprint", function () { if (presenter) renderPresenter(); });

  window.addEventListener("hashchange", function () {
    var at = parseHash();
    if (at) go(at[0], at[1]);
  });

  /* ---- start ---- */
  ui.count = bar.querySelector(".deck-count");
  ui.blank = bar.querySelector('[data-action="blank"]');
  bar.hidden = false;
  slides.forEach(function (slide) {
    slide.setAttribute("aria-hidden", "true");
    slide.inert = true;
  });
  slides.forEach(function (slide, i) {  // the agenda item of each slide, and its first slide
    slide._a = clockDeck ? +slide.getAttribute("data-start") : 0;
    slide._b = clockDeck ? +slide.getAttribute("data-end") : duration;
    var before = slides[i - 1];
    slide._first = before && before._a === slide._a && before._b === slide._b ? before._first : i;
    slides[slide._first]._n = i - slide._first + 1;
  });
  if (presenter) {
    bar.querySelector('[data-action="presenter"]').remove();
    buildPresenter();
  }
  fit();
  var at = parseHash() || [0, 0];
  go(at[0], at[1], true);
  starting = false;
  if (presenter) {
    peer = window.opener;
    if (!peer) openPeer();  // finds the window a session page opened, or opens one if the browser lets it
    send();
    tick();
    setInterval(tick, 1000);
  } else if (window.opener) {
    try { window.opener.postMessage({ deck: KEY, path: location.pathname, type: "hello" }, "*"); } catch (e) { /* gone */ }
  }
  window.deck = {
    go: go, next: next, prev: prev, state: function () { return { index: state.index, step: state.step, blank: state.blank }; },
  };
  html.setAttribute("data-deck-ready", "");
  if (window.performance && performance.mark) performance.mark("deck-ready");
  doc.dispatchEvent(new CustomEvent("deck:ready"));
})();
