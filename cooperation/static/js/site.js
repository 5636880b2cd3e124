// Small enhancements only: every page works without this file.
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // Main menu: on small screens, fold the list behind a real button.
    var nav = document.querySelector("[data-nav]");
    if (!nav) {
        return;
    }
    var toggle = nav.querySelector("[data-nav-toggle]");
    var list = nav.querySelector("[data-nav-list]");
    var small = window.matchMedia("(max-width: 47.99rem)");

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        list.setAttribute("data-collapsed", open ? "false" : "true");
    }

    function sync() {
        if (small.matches) {
            toggle.hidden = false;
            setOpen(false);
        } else {
            toggle.hidden = true;
            list.removeAttribute("data-collapsed");
        }
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
    small.addEventListener("change", sync);
    sync();
})();
