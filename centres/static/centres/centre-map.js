// The centre's map: an enhancement of the « Voir sur OpenStreetMap » link,
// which stays on the page. Leaflet (vendored, its addresses in the map's
// data-leaflet-css and data-leaflet-js) is fetched only when the map comes
// near the screen, so that it delays nothing of the page; the map's box is
// sized by the CSS from the start (no shift), and hidden without JavaScript
// (css/no-script.css).
(function () {
    "use strict";

    function escapeHtml(text) {
        var span = document.createElement("span");
        span.textContent = text;
        return span.innerHTML;
    }

    function showMap(element) {
        var position = [
            parseFloat(element.dataset.lat),
            parseFloat(element.dataset.lng),
        ];
        if (isNaN(position[0]) || isNaN(position[1])) {
            return;
        }
        var map = window.L.map(element, {
            center: position,
            zoom: 16,
            // Scrolling the page over the map must not zoom it.
            scrollWheelZoom: false,
        });
        window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 19,
            attribution:
                '&copy; <a href="https://www.openstreetmap.org/copyright">' +
                escapeHtml(element.dataset.attribution || "OpenStreetMap") +
                "</a>",
        }).addTo(map);
        // Explicit icon addresses: the hashed static file names defeat
        // Leaflet's own guess of its images folder.
        var icon = window.L.icon({
            iconUrl: element.dataset.icon,
            iconRetinaUrl: element.dataset.iconRetina,
            shadowUrl: element.dataset.shadow,
            iconSize: [25, 41],
            iconAnchor: [12, 41],
            popupAnchor: [1, -34],
            shadowSize: [41, 41],
        });
        window.L.marker(position, {
            icon: icon,
            alt: element.dataset.label,
            title: element.dataset.label,
        }).addTo(map);
    }

    var leaflet = null;

    function loadLeaflet(element) {
        if (!leaflet) {
            leaflet = new Promise(function (resolve, reject) {
                var style = document.createElement("link");
                style.rel = "stylesheet";
                style.href = element.dataset.leafletCss;
                document.head.appendChild(style);
                var script = document.createElement("script");
                script.src = element.dataset.leafletJs;
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
            });
        }
        return leaflet;
    }

    function show(element) {
        loadLeaflet(element).then(function () {
            showMap(element);
        });
    }

    var maps = document.querySelectorAll("[data-map]");
    if (!("IntersectionObserver" in window)) {
        maps.forEach(show);
        return;
    }
    var observer = new IntersectionObserver(
        function (entries) {
            entries.forEach(function (entry) {
                if (entry.isIntersecting) {
                    observer.unobserve(entry.target);
                    show(entry.target);
                }
            });
        },
        // A screen ahead, so that the map is drawn by the time it is seen.
        { rootMargin: "100% 0px" }
    );
    maps.forEach(function (element) {
        observer.observe(element);
    });
})();
