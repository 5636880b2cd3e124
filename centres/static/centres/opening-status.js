// « Ouvert maintenant » / « Fermé », computed again in the visitor's browser,
// in Europe/Paris time, from the hours and closures the page carries
// (data-opening, written by centres/opening.py with the words of the page's
// language). The page may come from a cache: what the server wrote is the
// answer without JavaScript. Same rules as centres/opening.py.

const DAY = 24 * 60 * 60 * 1000;
// A long summer closure must not hide the reopening: look a year ahead.
const LOOKAHEAD_DAYS = 366;

const parisClock = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
});

// Today's date in Paris (as midnight UTC, for day arithmetic without time
// changes) and the minutes since Paris midnight.
function parisNow(moment) {
    const parts = {};
    for (const part of parisClock.formatToParts(moment)) {
        parts[part.type] = Number(part.value);
    }
    return {
        day: Date.UTC(parts.year, parts.month - 1, parts.day),
        minutes: parts.hour * 60 + parts.minute,
    };
}

// Monday is 0, as in Python.
function weekday(day) {
    return (new Date(day).getUTCDay() + 6) % 7;
}

function isoDate(day) {
    return new Date(day).toISOString().slice(0, 10);
}

function closureOn(day, closures) {
    const date = isoDate(day);
    return closures.find(([start, end]) => start <= date && date <= end);
}

// "Ouvre %(day)s à %(time)s" with {day: "mardi", time: "9 h"}.
function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (match, name) => values[name]);
}

// The server writes every opening and closing time with the language's
// typography (« 9 h 30 », narrow no-break spaces): data.times.
function formatTime(minutes, data) {
    return data.times[minutes];
}

function nextOpening(hours, closures, now) {
    for (let offset = 0; offset < LOOKAHEAD_DAYS; offset += 1) {
        const day = now.day + offset * DAY;
        if (closureOn(day, closures)) {
            continue;
        }
        for (const [rangeDay, opens] of hours) {
            if (rangeDay !== weekday(day) || (offset === 0 && opens <= now.minutes)) {
                continue;
            }
            return { day, minutes: opens };
        }
    }
    return null;
}

function describeOpening(opening, now, data) {
    const { texts } = data;
    const time = formatTime(opening.minutes, data);
    const daysAhead = Math.round((opening.day - now.day) / DAY);
    if (daysAhead === 0) {
        return fill(texts.today, { time });
    }
    if (daysAhead === 1) {
        return fill(texts.tomorrow, { time });
    }
    const day = data.days[weekday(opening.day)];
    if (daysAhead < 7) {
        return fill(texts.weekday, { day, time });
    }
    const date = new Date(opening.day);
    const month = data.months[date.getUTCMonth()];
    // « 1er\u00a0» or « 2 » before the month, as the typography writes it.
    const dayOfMonth = data.month_days[date.getUTCDate() - 1];
    return fill(texts.date, { date: `${day} ${dayOfMonth}${month}`, time });
}

function status(data, now) {
    const hours = [...data.hours].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const closure = closureOn(now.day, data.closures);
    if (!closure) {
        const current = hours.find(
            ([day, opens, closes]) =>
                day === weekday(now.day) && opens <= now.minutes && now.minutes < closes,
        );
        if (current) {
            const time = formatTime(current[2], data);
            return { isOpen: true, detail: fill(data.texts.until, { time }) };
        }
    }
    const opening = nextOpening(hours, data.closures, now);
    return {
        isOpen: false,
        reason: closure ? closure[2] : "",
        detail: opening ? describeOpening(opening, now, data) : "",
    };
}

function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
}

function show(element) {
    const data = JSON.parse(element.dataset.opening);
    const result = status(data, parisNow(new Date()));
    const label = document.createElement("strong");
    label.className = "opening-status__label";
    label.textContent = result.isOpen ? data.texts.open : data.texts.closed;
    const children = [label];
    if (result.reason) {
        children.push(" ", span("opening-status__reason", `(${result.reason})`));
    }
    if (result.detail) {
        children.push(" ", span("opening-status__detail", result.detail));
    }
    element.replaceChildren(...children);
    element.classList.toggle("opening-status--open", result.isOpen);
    element.classList.toggle("opening-status--closed", !result.isOpen);
    // Said by the browser, not by the (maybe cached) page.
    element.dataset.computed = "browser";
}

function showAll() {
    for (const element of document.querySelectorAll("[data-opening]")) {
        show(element);
    }
}

showAll();
// A page left open crosses opening times.
setInterval(showAll, 60 * 1000);
