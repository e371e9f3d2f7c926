/*
 * Autosave for the zelfscan: every change of an answer is sent at once.
 *
 * Each answer (a [data-autosave] element) sends its changes one at a time, in order. A change carries
 * the version it was made on and an id. If the request fails (network, server error), the
 * SAME change (same values, same id, same version) is sent again until the server answers;
 * the server recognises an id it stored already, so a change is never stored twice. Only
 * then is the next change sent, on the version the server returned. A 409 means someone
 * else saved first: the current value is shown and nothing is overwritten.
 *
 * Without JavaScript the page's save button does the same work.
 */
"use strict";
(() => {
  const form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  const url = form.dataset.autosaveUrl;
  const formToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // Read at send time: logging in again (in another tab) gives a new token.
  const csrf = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || formToken;
  const RETRY_MS = [300, 800, 1500, 3000, 5000];
  const TEXT = JSON.parse(document.getElementById("autosave-teksten").textContent);
  const units = [];

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  }

  class Unit {
    constructor(el) {
      this.el = el;
      this.status = el.querySelector(".autosave-status");
      this.inflight = null; // the change being sent (kept for retries)
      this.queue = []; // changes made since, in order: each is stored, none is skipped
      this.attempt = 0;
      this.timer = null;
      el.addEventListener("change", () => this.changed());
      el.addEventListener("input", (event) => {
        if (event.target.tagName === "TEXTAREA") {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => { this.timer = null; this.changed(); }, 700);
        }
      });
    }

    fields() {
      const el = this.el;
      const fields = { soort: el.dataset.soort, id: el.dataset.id };
      el.querySelectorAll("input, textarea, select").forEach((input) => {
        if (!input.dataset.veld) return;
        if (input.type === "radio") {
          if (input.checked) fields[input.dataset.veld] = input.value;
          else if (!(input.dataset.veld in fields)) fields[input.dataset.veld] = "";
        } else if (input.type === "checkbox") {
          fields[input.dataset.veld] = input.checked ? "on" : "";
        } else {
          fields[input.dataset.veld] = input.value;
        }
      });
      return fields;
    }

    changed() {
      clearTimeout(this.timer);
      this.timer = null;
      const fields = this.fields();
      const last = this.queue.length ? this.queue[this.queue.length - 1] : this.inflight && this.inflight.fields;
      if (last && JSON.stringify(last) === JSON.stringify(fields)) return; // nothing new
      this.queue.push(fields);
      this.show("bezig", TEXT.bezig);
      this.flush();
    }

    flush() {
      if (this.inflight || !this.queue.length) return;
      const fields = this.queue.shift();
      this.send({ fields, versie: this.el.dataset.versie, wijziging: newId() });
    }

    send(change) {
      this.inflight = change;
      const body = new URLSearchParams({ ...change.fields, versie: change.versie, wijziging: change.wijziging });
      fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        keepalive: true,
        redirect: "manual", // a redirect (to a login page) is never a stored change
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      })
        .then(async (response) => {
          let data = {};
          try { data = await response.json(); } catch (e) { /* an error page, not JSON */ }
          if (response.ok && typeof data.versie === "number") return this.stored(data);
          if (response.status === 409) return this.conflict(data);
          if (response.status === 401) return this.loggedOut(data);
          if ([400, 403, 404].includes(response.status) && data.bericht) return this.refused(data);
          throw new Error(String(response.status));
        })
        .catch(() => this.failed());
    }

    stored(data) {
      this.el.dataset.versie = data.versie;
      this.inflight = null;
      this.attempt = 0;
      this.el.querySelectorAll("[data-vorig-jaar]").forEach((n) => n.remove());
      if (this.queue.length) { this.flush(); return; }
      this.show("opgeslagen", TEXT.opgeslagen);
      document.dispatchEvent(new CustomEvent("autosave:opgeslagen", { detail: { el: this.el } }));
    }

    failed() {
      this.show("mislukt", TEXT.mislukt, () => this.retryNow());
      const wait = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
      this.attempt += 1;
      this.retry = setTimeout(() => this.retryNow(), wait);
    }

    loggedOut(data) {
      // Keep the change: it goes out again once the person has logged in again.
      this.show("uitgelogd", data.bericht || TEXT.mislukt, () => this.retryNow());
      this.retry = setTimeout(() => this.retryNow(), 5000);
    }

    retryNow() {
      clearTimeout(this.retry);
      const change = this.inflight;
      if (!change) return;
      this.show("bezig", TEXT.bezig);
      this.send(change); // the same change: same values, same id, same version
    }

    conflict(data) {
      this.inflight = null;
      this.queue = []; // made on a version that is gone: the person decides again
      this.el.dataset.versie = data.versie;
      const huidig = data.huidig || {};
      const omschrijving = Object.entries(huidig)
        .filter(([, v]) => v !== "" && v !== null && v !== false)
        .map(([k, v]) => `${TEXT.velden[k] || k}: ${v === true ? TEXT.ja : v}`)
        .join("; ") || TEXT.leeg;
      this.show("conflict", `${data.bericht} ${TEXT.nu}: ${omschrijving}`, () => this.takeOver(huidig), TEXT.overnemen);
    }

    takeOver(huidig) {
      this.el.querySelectorAll("input, textarea, select").forEach((input) => {
        const veld = input.dataset.veld;
        if (!veld) return;
        if (veld === "score") {
          const value = huidig.nvt ? "nvt" : String(huidig.score ?? "");
          input.checked = input.value === value;
        } else if (input.type === "checkbox") {
          input.checked = Boolean(huidig[veld]);
        } else if (veld in huidig) {
          input.value = huidig[veld] ?? "";
        }
      });
      this.show("opgeslagen", TEXT.overgenomen);
    }

    refused(data) {
      this.inflight = null;
      this.queue = [];
      this.show("fout", data.bericht || TEXT.fout);
    }

    show(state, text, action, actionText) {
      if (!this.status) return;
      this.el.dataset.state = state;
      this.status.textContent = text;
      if (action) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm p-0 ms-2 align-baseline";
        button.textContent = actionText || TEXT.opnieuw;
        button.addEventListener("click", action);
        this.status.append(button);
      }
    }

    busy() { return Boolean(this.inflight || this.queue.length); }
  }

  // The page's progress and its list of open items follow what is stored.
  function showProgress() {
    const counter = document.getElementById("voortgang-deel");
    if (!counter) return;
    // Answered items the page does not show (the "only open items" filter) count too; last
    // year's answer not yet confirmed (still marked) does not: it is a proposal.
    const answered = [...form.querySelectorAll("fieldset.antwoord")]
      .filter((f) => !f.querySelector("[data-vorig-jaar]")
        && f.querySelector('input[type="radio"]:checked')).length
      + Number(counter.dataset.elders || 0);
    counter.textContent = TEXT.voortgang
      .replace("%(a)s", String(answered))
      .replace("%(b)s", counter.dataset.totaal);
  }
  document.addEventListener("autosave:opgeslagen", (event) => {
    const el = event.detail.el;
    if (el.dataset.soort !== "item") return;
    if (el.querySelector('input[type="radio"]:checked')) {
      document.querySelectorAll(`[data-open-item="${el.dataset.id}"]`).forEach((li) => li.remove());
    }
    showProgress();
  });

  form.querySelectorAll("[data-autosave]").forEach((el) => units.push(new Unit(el)));
  // With this script running, changes save themselves: say so instead of "use the button".
  document.querySelectorAll("[data-met-script]").forEach((el) => { el.hidden = false; });
  document.querySelectorAll("[data-zonder-script]").forEach((el) => { el.hidden = true; });
  form.querySelectorAll("[data-bevestig]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const unit = units.find((u) => u.el.contains(button));
      if (unit) unit.changed();
    });
  });
  // A change typed a moment ago goes out before the page is left.
  // A note typed a moment ago (still in its 0.7 s pause) goes out before the page is left.
  const typing = () => units.forEach((u) => { if (u.timer) u.changed(); });
  window.addEventListener("pagehide", typing);
  window.addEventListener("beforeunload", (event) => {
    typing();
    if (units.some((u) => u.busy())) { event.preventDefault(); event.returnValue = ""; }
  });
  window.zelfscanAutosave = { busy: () => units.some((u) => u.busy()) };
})();
