// Record page tabs (crm.admin.kit.record_tabs): Related, Activity and History are fetched
// as server-rendered HTML the first time they are shown, then kept. The tab links are plain
// ?tab=<name> links, so every tab also opens without JavaScript.
(() => {
    const panelOf = (name) => document.querySelector(`[data-tab-panel="${name}"]`);

    const failed = (panel, name) => {
        const note = document.createElement("p");
        note.className = "crm-card crm-tab-panel__error";
        note.setAttribute("role", "alert");
        note.textContent = "This tab could not be loaded. ";
        const retry = document.createElement("a");
        retry.className = "crm-link";
        retry.href = `?tab=${name}`;
        retry.textContent = "Open it again";
        note.appendChild(retry);
        panel.replaceChildren(note);
    };

    const load = (name) => {
        const panel = panelOf(name);
        if (!panel || panel.dataset.state) return;
        panel.dataset.state = "loading";
        panel.setAttribute("aria-busy", "true");
        fetch(panel.dataset.src, {
            credentials: "same-origin",
            headers: { "X-Requested-With": "XMLHttpRequest" },
        })
            .then((response) => {
                if (!response.ok) throw new Error(`HTTP ${response.status}`);
                return response.text();
            })
            .then((html) => {
                panel.innerHTML = html; // Alpine initialises the new nodes itself
                panel.dataset.state = "loaded";
            })
            .catch(() => {
                delete panel.dataset.state;
                failed(panel, name);
            })
            .finally(() => panel.removeAttribute("aria-busy"));
    };

    // The address names the open tab by its hash, as Unfold's tabs do; a ?tab= (the page
    // opened on a tab without JavaScript) gives way to it.
    const addressFor = (name) => {
        const url = new URL(window.location.href);
        url.searchParams.delete("tab");
        url.searchParams.delete("past");
        url.hash = name === "details" ? "" : name;
        return url.pathname + url.search + url.hash;
    };

    document.addEventListener("crm-tab-shown", (event) => load(event.detail));
    document.addEventListener("click", (event) => {
        const link = event.target.closest(".crm-tabs [data-tab]");
        if (link) window.history.replaceState(null, "", addressFor(link.dataset.tab));
    });
    document.addEventListener("DOMContentLoaded", () => {
        // Alpine may have shown a tab (from the hash) before this script listened.
        const active = document.querySelector(".crm-tabs .crm-tabs__tab--active[data-tab]");
        if (active) load(active.dataset.tab);
    });
})();
