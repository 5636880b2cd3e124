// Small enhancements only: every page works without this file.
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // Main menu: on small screens the CSS folds the list behind its button
    // while aria-expanded is "false" (so the first paint is already folded);
    // the button opens and closes it.
    var nav = document.querySelector("[data-nav]");
    if (!nav) {
        return;
    }
    var toggle = nav.querySelector("[data-nav-toggle]");
    var small = window.matchMedia("(max-width: 47.99rem)");

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && small.matches && toggle.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            toggle.focus();
        }
    });
})();
