/*
 * A page of the scan, made for working through (issue 14): "only open items" hides what is
 * answered without a reload, and "next open item" goes to the next item that is open now
 * (one answered a moment ago is skipped). Without JavaScript both work as links and a form.
 */
"use strict";
(() => {
  const items = () => Array.from(document.querySelectorAll("fieldset.antwoord"));
  const isOpen = (fieldset) => !fieldset.querySelector('input[type="radio"]:checked');
  const filter = document.querySelector("form[data-filter]");
  const box = filter && filter.querySelector("input[name=open]");
  const saveForm = document.querySelector("form[data-autosave-url]");

  function setUrl(open) {
    const url = new URL(window.location.href);
    if (open) url.searchParams.set("open", "1"); else url.searchParams.delete("open");
    window.history.replaceState(null, "", url);
  }

  function keepFilterOnSave(open) {
    if (!saveForm) return;
    let field = saveForm.querySelector("input[type=hidden][name=open]");
    if (open && !field) {
      field = document.createElement("input");
      Object.assign(field, { type: "hidden", name: "open", value: "1" });
      saveForm.append(field);
    } else if (!open && field) {
      field.remove();
    }
  }

  if (box) {
    box.addEventListener("change", () => {
      if (!box.checked && filter.hasAttribute("data-gefilterd")) {
        // The answered items are not on this page: fetch it whole.
        filter.submit();
        return;
      }
      // An item answered while the filter is on stays in view until the filter is set again.
      items().forEach((fieldset) => { fieldset.hidden = box.checked && !isOpen(fieldset); });
      setUrl(box.checked);
      keepFilterOnSave(box.checked);
    });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-volgend-open]");
    if (!link) return;
    const here = link.closest("fieldset.antwoord");
    const all = items();
    const after = here ? all.slice(all.indexOf(here) + 1) : all;
    const next = after.find((fieldset) => !fieldset.hidden && isOpen(fieldset));
    if (!next) return; // the link's own target: the next page with something open
    event.preventDefault();
    next.scrollIntoView({ block: "start" });
    const first = next.querySelector('input[type="radio"]');
    if (first) first.focus({ preventScroll: true });
    window.history.replaceState(null, "", `#${next.id}`);
  });

  // Where the team rated an item: the reason field opens as soon as the school's score
  // differs a whole point or more from the team's median (a reason typed stays in view).
  items().forEach((fieldset) => {
    const blok = fieldset.querySelector("[data-team-mediaan]");
    const reden = blok && blok.querySelector("[data-teamreden]");
    if (!reden) return;
    const mediaan = parseFloat(blok.dataset.teamMediaan);
    fieldset.addEventListener("change", () => {
      const gekozen = fieldset.querySelector('input[data-veld="score"]:checked');
      const score = gekozen ? parseInt(gekozen.value, 10) : NaN;
      const wijktAf = !Number.isNaN(score) && Math.abs(score - mediaan) >= 1;
      reden.hidden = !wijktAf && !reden.querySelector("textarea").value.trim();
    });
  });
})();
