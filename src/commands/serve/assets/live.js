// policyc serve: follows the rebuilds. A page showing an older build reloads
// at the same scroll position; a failed build shows its errors above the
// last good content until a save fixes them.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var scrollKey = "policyc:scroll:" + location.pathname;
  var redlineKey = "policyc:redline";

  // sessionStorage can be blocked: the preview then works without memory.
  function load(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch (e) { /* nothing to remember with */ }
  }

  function restoreScroll() {
    var saved = load(scrollKey);
    if (saved === null) return;
    var at;
    try { at = JSON.parse(saved); } catch (e) { at = null; }
    store(scrollKey, null);
    if (!at) return;
    var apply = function () { window.scrollTo(at[0], at[1]); };
    apply();
    window.addEventListener("load", apply);
  }

  function reload() {
    store(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    // This reload restores the position itself; back and forward keep the
    // browser's own restoration.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    location.reload();
  }

  // The draft banner's toggle: the redline against the last release in
  // place of the page's text. The choice lasts across reloads.
  function setUpRedline() {
    var toggle = document.querySelector(".policyc-toggle");
    var redline = document.getElementById("policyc-redline");
    if (!toggle || !redline) return;
    var show = function (on) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      redline.hidden = !on;
      var parent = redline.parentElement;
      if (parent && parent.tagName === "MAIN") {
        // Hide the page's text, and show again only what was hidden here.
        for (var i = 0; i < parent.children.length; i++) {
          var child = parent.children[i];
          if (child === redline) continue;
          if (on && !child.hidden) {
            child.hidden = true;
            child.setAttribute("data-policyc-hidden", "");
          } else if (!on && child.hasAttribute("data-policyc-hidden")) {
            child.hidden = false;
            child.removeAttribute("data-policyc-hidden");
          }
        }
      }
      store(redlineKey, on ? "1" : "0");
    };
    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-pressed") !== "true");
    });
    if (load(redlineKey) === "1") show(true);
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function showErrors(errors) {
    var old = document.getElementById("policyc-overlay");
    if (old) old.remove();
    if (!errors || errors.length === 0) return;
    var overlay = element("section", "policyc-overlay");
    overlay.id = "policyc-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", "en");
    overlay.setAttribute("aria-labelledby", "policyc-overlay-title");
    overlay.tabIndex = 0; // it may scroll: reachable by keyboard
    var title = element("h2", "", errors.length === 1
      ? "The preview could not be rebuilt"
      : "The preview could not be rebuilt: " + errors.length + " errors");
    title.id = "policyc-overlay-title";
    overlay.appendChild(title);
    overlay.appendChild(element("p", "policyc-overlay-note",
      "Below is the last version that built. Fix the file and save to clear this."));
    errors.forEach(function (error) {
      var item = element("div", "policyc-error");
      if (error.place) item.appendChild(element("p", "policyc-error-place", error.place));
      item.appendChild(element("p", "policyc-error-message", error.message));
      if (error.report) {
        var report = element("pre", "", error.report);
        report.tabIndex = 0; // it may scroll: reachable by keyboard
        item.appendChild(report);
      }
      overlay.appendChild(item);
    });
    var hide = element("button", "policyc-overlay-hide", "Hide");
    hide.type = "button";
    hide.addEventListener("click", function () { overlay.remove(); });
    overlay.appendChild(hide);
    document.body.insertBefore(overlay, document.body.firstChild);
  }

  // Said when the server stops answering, so that an editor does not
  // wait for a page that cannot follow any more.
  function showDisconnected(on) {
    var status = document.getElementById("policyc-status");
    if (!on) {
      if (status) status.remove();
      return;
    }
    if (status) return;
    status = element("p", "policyc-status",
      "The preview server is not answering: this page no longer follows your changes. Reconnecting…");
    status.id = "policyc-status";
    status.setAttribute("role", "status");
    status.setAttribute("lang", "en");
    document.body.appendChild(status);
  }

  var retry = 250;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__policyc/live");
    socket.onopen = function () {
      retry = 250;
      showDisconnected(false);
    };
    socket.onmessage = function (event) {
      var live = JSON.parse(event.data);
      if (live.build && live.build !== build) {
        socket.onclose = null;
        socket.close();
        reload();
        return;
      }
      showErrors(live.errors);
    };
    socket.onclose = function () {
      showDisconnected(true);
      // The server stopped or restarted: try again, less and less often.
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }

  restoreScroll();
  setUpRedline();
  connect();
})();
