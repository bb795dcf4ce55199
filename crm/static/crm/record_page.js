// Read view of a record page (crm.admin.kit.read_edit): a pencil on each editable field
// opens the edit form, like Salesforce's inline-edit pencils.
document.addEventListener("DOMContentLoaded", () => {
    const marker = document.querySelector("[data-crm-read-mode]");
    if (!marker || !marker.dataset.editUrl) return;
    const editable = new Set(marker.dataset.editable.split("|").filter(Boolean));
    document.querySelectorAll(".field-line").forEach((row) => {
        const label = row.querySelector("label");
        if (!label) return;
        const text = label.textContent.replace(/[:*]/g, "").trim().toLowerCase();
        if (!editable.has(text)) return;
        const pencil = document.createElement("a");
        pencil.href = marker.dataset.editUrl;
        pencil.className = "crm-pencil";
        pencil.title = `Edit ${label.textContent.trim()}`;
        pencil.setAttribute("aria-label", pencil.title);
        pencil.innerHTML = '<span class="material-symbols-outlined">edit</span>';
        row.classList.add("crm-field--editable");
        row.appendChild(pencil);
    });
});
