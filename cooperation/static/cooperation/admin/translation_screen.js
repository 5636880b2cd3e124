// wagtail-localize's translation screen names its « more actions » button
// (for screen readers) with an English text written in its JavaScript, out
// of reach of the translation catalogues. Give it the admin's own words,
// passed by cooperation/wagtail_hooks.py, when the screen draws it. Wagtail
// loads the admin's scripts before the page's content: wait for it.
(function () {
  "use strict";
  var script = document.currentScript;
  var label = script && script.dataset.moreActions;
  if (!label) {
    return;
  }
  function relabel() {
    document
      .querySelectorAll(".js-translation-editor .w-dropdown__toggle .w-sr-only")
      .forEach(function (span) {
        if (span.textContent === "More actions") {
          span.textContent = label;
        }
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var editor = document.querySelector(".js-translation-editor");
    if (!editor) {
      return;
    }
    relabel();
    new MutationObserver(relabel).observe(editor, {
      childList: true,
      subtree: true,
    });
  });
})();
