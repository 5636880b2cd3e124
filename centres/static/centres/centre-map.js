// The centre's map: an enhancement of the « Voir sur OpenStreetMap » link,
// which stays on the page. Leaflet (vendored next to this file) is loaded
// before this script; without it, or without JavaScript, nothing happens.
(function () {
    "use strict";
    if (!window.L) {
        return;
    }

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
        // Shown before Leaflet measures it, so that the tiles fill the box.
        element.hidden = false;
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

    document.querySelectorAll("[data-map]").forEach(showMap);
})();
