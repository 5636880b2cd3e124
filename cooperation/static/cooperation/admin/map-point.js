// The admin map under a latitude and a longitude (cooperation.panels.
// MapPointPanel): a click on the map or a drag of the marker writes both
// numbers; numbers typed in move the marker. Leaflet (vendored) is loaded
// before this script; without it, or without JavaScript, the two numbers
// stay as they are.
(function () {
    "use strict";

    function number(input) {
        return parseFloat((input.value || "").replace(",", "."));
    }

    function setUp(element) {
        var L = window.L;
        var latitude = document.getElementById(element.dataset.latitude);
        var longitude = document.getElementById(element.dataset.longitude);
        if (!L || !latitude || !longitude || element.dataset.ready) {
            return;
        }
        element.dataset.ready = "true";

        function typedPoint() {
            var lat = number(latitude);
            var lng = number(longitude);
            return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
        }

        var start = typedPoint();
        element.hidden = false;
        var help = element.nextElementSibling;
        if (help && help.hasAttribute("data-map-point-help")) {
            help.hidden = false;
        }
        var map = L.map(element, {
            center: start || [
                parseFloat(element.dataset.defaultLat),
                parseFloat(element.dataset.defaultLng),
            ],
            zoom: start ? 17 : 14,
            scrollWheelZoom: false,
        });
        L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 19,
            attribution:
                '&copy; <a href="https://www.openstreetmap.org/copyright">' +
                element.dataset.attribution +
                "</a>",
        }).addTo(map);
        var icon = L.icon({
            iconUrl: element.dataset.icon,
            iconRetinaUrl: element.dataset.iconRetina,
            shadowUrl: element.dataset.shadow,
            iconSize: [25, 41],
            iconAnchor: [12, 41],
            shadowSize: [41, 41],
        });
        var marker = null;

        function write(position) {
            latitude.value = position.lat.toFixed(6);
            longitude.value = position.lng.toFixed(6);
            // Wagtail counts the change as unsaved, like a typed one.
            latitude.dispatchEvent(new Event("change", { bubbles: true }));
            longitude.dispatchEvent(new Event("change", { bubbles: true }));
        }

        function place(position) {
            if (marker) {
                marker.setLatLng(position);
                return;
            }
            marker = L.marker(position, {
                icon: icon,
                draggable: true,
                alt: element.dataset.label,
                title: element.dataset.label,
            }).addTo(map);
            marker.on("dragend", function () {
                write(marker.getLatLng());
            });
        }

        map.on("click", function (event) {
            place(event.latlng);
            write(event.latlng);
        });
        [latitude, longitude].forEach(function (input) {
            input.addEventListener("change", function () {
                var point = typedPoint();
                if (point) {
                    place(point);
                    map.panTo(point);
                }
            });
        });
        if (start) {
            place(start);
        }
        // Drawn in a tab that was hidden: measure again once it shows.
        if (window.ResizeObserver) {
            new ResizeObserver(function () {
                map.invalidateSize();
            }).observe(element);
        }
    }

    function setUpAll() {
        document.querySelectorAll("[data-map-point]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
})();
