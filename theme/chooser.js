// policyc: marks the entries of the site index in the browser's preferred
// language. The index is complete without it; it only adds a mark.
(function () {
  "use strict";
  // The locales of the entries that best match `preferred` (the browser's
  // languages, most wanted first): for the first preferred language that
  // any entry has, the entries of that very locale, else of its language.
  function bestMatch(preferred, locales) {
    var lower = locales.map(function (l) { return l.toLowerCase(); });
    for (var i = 0; i < preferred.length; i++) {
      var want = String(preferred[i]).toLowerCase();
      var exact = locales.filter(function (l, j) { return lower[j] === want; });
      if (exact.length) { return exact; }
      var language = want.split("-")[0];
      var same = locales.filter(function (l, j) { return lower[j].split("-")[0] === language; });
      if (same.length) { return same; }
    }
    return [];
  }
  function mark() {
    var entries = Array.prototype.slice.call(document.querySelectorAll(".chooser li[data-locale]"));
    var locales = entries.map(function (e) { return e.getAttribute("data-locale"); });
    var preferred = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    var chosen = bestMatch(preferred, locales);
    entries.forEach(function (entry) {
      if (chosen.indexOf(entry.getAttribute("data-locale")) < 0) { return; }
      entry.classList.add("preferred");
      var note = document.createElement("span");
      note.className = "browser-language";
      note.textContent = entry.getAttribute("data-browser-language");
      // The theme had no phrase in the entry's language: say which it is.
      var lang = entry.getAttribute("data-browser-language-lang");
      if (lang) {
        note.lang = lang;
        note.dir = entry.getAttribute("data-browser-language-dir") || "auto";
      }
      entry.appendChild(note);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
