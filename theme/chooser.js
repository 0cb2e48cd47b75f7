// policyc: marks the entries of the site index in the browser's preferred
// language. The index is complete without it; it only adds a mark.
(function () {
  "use strict";
  // Old codes browsers may still send, by today's.
  var RENAMED = { iw: "he", "in": "id", ji: "yi", no: "nb" };
  // A browser language's language, script and region, lower-case; the
  // script, where not given, for the languages whose regions tell it.
  function parse(tag) {
    var parts = String(tag).toLowerCase().replace(/_/g, "-").split("-");
    var language = RENAMED[parts[0]] || parts[0];
    var script = "", region = "";
    for (var i = 1; i < parts.length; i++) {
      if (parts[i].length === 4 && !script) { script = parts[i]; }
      else if ((parts[i].length === 2 || /^[0-9]{3}$/.test(parts[i])) && !region) { region = parts[i]; }
    }
    if (!script && language === "zh") {
      script = ["tw", "hk", "mo"].indexOf(region) >= 0 ? "hant" : "hans";
    }
    if (!script && language === "sr") { script = "cyrl"; }
    return { language: language, script: script, region: region };
  }
  // The entries that best match `preferred` (the browser's languages, most
  // wanted first): for the first preferred language that any entry has,
  // the entries of that very locale, else of its language and script (the
  // entry's from the page: `data-language`, `data-script`), those of its
  // region first.
  function bestMatch(preferred, entries) {
    for (var i = 0; i < preferred.length; i++) {
      var want = String(preferred[i]).toLowerCase();
      var exact = entries.filter(function (e) { return e.locale.toLowerCase() === want; });
      if (exact.length) { return exact; }
      var w = parse(want);
      var same = entries.filter(function (e) {
        return e.language === w.language && (!w.script || !e.script || e.script === w.script);
      });
      var region = same.filter(function (e) { return w.region && parse(e.locale).region === w.region; });
      if (region.length) { return region; }
      if (same.length) { return same; }
    }
    return [];
  }
  function mark() {
    var entries = Array.prototype.slice.call(document.querySelectorAll(".chooser li[data-locale]"));
    var described = entries.map(function (e) {
      return {
        locale: e.getAttribute("data-locale"),
        language: e.getAttribute("data-language") || parse(e.getAttribute("data-locale")).language,
        script: e.getAttribute("data-script") || ""
      };
    });
    var preferred = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    var chosen = bestMatch(preferred, described).map(function (e) { return e.locale; });
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
