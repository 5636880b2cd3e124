// The campaign page reloads itself while the campaign is sending, every
// data-refresh seconds (a static file: the Content-Security-Policy refuses
// inline scripts).
(function () {
    "use strict";
    var box = document.getElementById("campaign-progress");
    var seconds = box && box.dataset.refresh;
    if (seconds) {
        setTimeout(function () {
            window.location.reload();
        }, seconds * 1000);
    }
})();
