/* Calendar (SPEC §8): FullCalendar month / week / day / list over the JSON feed of the visible
   range for the people ticked in the picker (me by default). Drag or resize an event → POST
   to reschedule with the version it was loaded with; any refusal (stale version 409, a rule,
   no permission, expired session, server down) puts it back and shows the reason. Selecting
   a slot opens the composer (crm/static/crm/composer.js) as a modal with New Event for that
   start and end; clicking an item opens it there for editing; a save refetches the events,
   so the calendar stays where it was (issue 25). On a phone the list view is the default. */
(function () {
  "use strict";

  const root = document.querySelector(".crm-calendar");
  const element = document.getElementById("calendar");
  if (!root || !element || typeof FullCalendar === "undefined") return;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* The shell's one toast style (crm/static/crm/toasts.js, loaded on every page). */
  function showToast(text, tone) {
    window.crmToast(text, tone);
  }

  function isoDay(date) {
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function chosenUsers() {
    return Array.from(root.querySelectorAll('input[name="users"]:checked')).map(function (box) {
      return box.value;
    });
  }

  async function postJson(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-Requested-With": "XMLHttpRequest",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      return { ok: false, data: { error: "The server could not be reached. Nothing was changed." } };
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!data || typeof data !== "object") {
      data = { error: "The server answered with an error (" + response.status + "). Nothing was changed." };
    }
    return { ok: response.ok && data.ok !== false, data: data };
  }

  async function reschedule(info) {
    const event = info.event;
    const result = await postJson(root.dataset.rescheduleUrl, {
      id: event.id,
      version: event.extendedProps.version,
      start: event.startStr,
      end: event.endStr || event.startStr,
      allDay: event.allDay,
    });
    if (!result.ok) {
      info.revert();
      showToast(result.data.error || "The event could not be moved.", "error");
      return;
    }
    event.setExtendedProp("version", result.data.version);
    showToast(result.data.message, "success");
  }

  /* The signed-in user's own zone (My settings): FullCalendar shows wall-clock times there and
     sends a dragged event's new start with that zone's offset *on the new date*, so a move
     across a DST change lands on the right instant. FullCalendar needs a plugin to compute a
     named zone's offsets; this one asks the browser's Intl, which knows every IANA zone. */
  function zonePlugin(zone) {
    const Base = FullCalendar.Internal && FullCalendar.Internal.NamedTimeZoneImpl;
    if (!zone || zone === "UTC" || !Base) return null;
    let parts;
    try {
      parts = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric",
      });
    } catch (error) {
      return null; // a zone this browser does not know: its own local time is the best guess
    }
    function wallClock(ms) {
      const got = {};
      parts.formatToParts(new Date(ms)).forEach(function (part) { got[part.type] = Number(part.value); });
      const millis = ((ms % 1000) + 1000) % 1000;
      return [got.year, got.month - 1, got.day, got.hour, got.minute, got.second, millis];
    }
    function offsetAt(ms) {
      return (Date.UTC.apply(null, wallClock(ms)) - ms) / 60000;
    }
    class IntlZone extends Base {
      timestampToArray(ms) { return wallClock(ms); }
      offsetForArray(array) {
        // Two passes find the offset valid at that wall time; a time skipped by a DST change
        // takes the offset before it (as the server's zoneinfo does).
        const wall = Date.UTC.apply(null, array);
        const first = offsetAt(wall);
        return offsetAt(wall - first * 60000);
      }
    }
    return FullCalendar.createPlugin({ name: "crm-intl-time-zone", namedTimeZonedImpl: IntlZone });
  }

  const userZone = root.dataset.timeZone || "UTC";
  const zone = zonePlugin(userZone);
  // UTC needs no plugin; without Intl support for the zone, the browser's own clock is next best.
  const timeZone = zone || userZone === "UTC" ? userZone : "local";

  const newEventUrl = root.dataset.newEventUrl;
  const composerUrl = root.dataset.composerUrl;
  const composer = function () { return window.crmComposer; };
  // A phone shows the list unless the address asks for a view (a reload, a shared link).
  const phone = window.matchMedia("(max-width: 639px)").matches;
  const askedView = new URLSearchParams(window.location.search).get("view");
  const initialView = !askedView && phone ? "listWeek" : root.dataset.initialView || "dayGridMonth";
  const calendar = new FullCalendar.Calendar(element, {
    timeZone: timeZone,
    plugins: zone ? [zone] : [],
    initialView: initialView,
    initialDate: root.dataset.initialDate || undefined,
    headerToolbar: {
      left: "prev,next today",
      center: "title",
      right: "dayGridMonth,timeGridWeek,timeGridDay,listWeek",
    },
    buttonText: { month: "Month", week: "Week", day: "Day", list: "List", today: "Today" },
    firstDay: 1,
    nowIndicator: true,
    height: "auto",
    editable: true,
    eventStartEditable: true,
    eventDurationEditable: true,
    selectable: Boolean(newEventUrl),
    selectMirror: true,
    events: {
      url: root.dataset.feedUrl,
      extraParams: function () { return { users: chosenUsers().join(",") }; },
      failure: function () { showToast("The calendar could not load its events. Reload the page.", "error"); },
    },
    // The view and date live in the URL, so a reload (or a shared link) shows the same week.
    datesSet: function (info) {
      const params = new URLSearchParams(window.location.search);
      params.set("view", info.view.type);
      params.set("date", isoDay(info.view.currentStart));
      window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    },
    eventDrop: reschedule,
    eventResize: reschedule,
    select: function (info) {
      const params = new URLSearchParams({ start_time: info.startStr, end_time: info.endStr });
      if (info.allDay) params.set("is_all_day_event", "1");
      calendar.unselect();
      if (composer() && composerUrl) {
        composer().open(composerUrl + "&" + params.toString());
        return;
      }
      window.location.href = newEventUrl + "&" + params.toString();
    },
    eventClick: function (info) {
      const url = info.event.url;
      if (!composer() || !url || !/\/change\/$/.test(url)) return; // no script: the record
      info.jsEvent.preventDefault();
      composer().open(url.replace(/\/change\/$/, "/compose/"));
    },
  });
  calendar.render();
  document.addEventListener("crm-activity-saved", function () { calendar.refetchEvents(); });
  root.querySelectorAll('input[name="users"]').forEach(function (box) {
    box.addEventListener("change", function () { calendar.refetchEvents(); });
  });
})();
