/* factcheck review report: open a figure's detail, filter by code, keyboard steps. */
(() => {
  "use strict";
  document.documentElement.classList.add("js");
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const figs = $$(".text .fig");
  const hint = document.getElementById("hint");
  const QUIET = ["FC100", "unmatched", "hidden"];
  let current = null;

  function open(id, jump) {
    const detail = document.getElementById("detail-" + id);
    if (!detail) return;
    $$(".detail.on").forEach((d) => d.classList.remove("on"));
    detail.classList.add("on");
    hint.hidden = true;
    figs.forEach((f) => {
      const on = f.dataset.fig === id;
      f.classList.toggle("sel", on);
      if (on) f.setAttribute("aria-current", "true"); else f.removeAttribute("aria-current");
    });
    $$(".issues a").forEach((a) => a.classList.toggle("sel", a.dataset.fig === id));
    current = id;
    if (jump) {
      const fig = figs.find((f) => f.dataset.fig === id && f.tabIndex >= 0);
      if (fig) { fig.scrollIntoView({ block: "center" }); fig.focus({ preventScroll: true }); }
    }
    const panel = detail.closest(".panel");
    if (panel && getComputedStyle(panel).position !== "sticky") detail.scrollIntoView({ block: "nearest" });
    else if (panel) panel.scrollTop = 0;
    history.replaceState(null, "", "#detail-" + id);
  }

  function close() {
    const fig = figs.find((f) => f.dataset.fig === current && f.tabIndex >= 0);
    $$(".detail.on").forEach((d) => d.classList.remove("on"));
    figs.forEach((f) => { f.classList.remove("sel"); f.removeAttribute("aria-current"); });
    $$(".issues a.sel").forEach((a) => a.classList.remove("sel"));
    hint.hidden = false;
    current = null;
    history.replaceState(null, "", location.pathname + location.search);
    if (fig) fig.focus();
  }

  function applyFilters() {
    const active = new Set($$("button[data-key]")
      .filter((b) => b.getAttribute("aria-pressed") === "true").map((b) => b.dataset.key));
    const shown = (el) => el.dataset.keys.split(" ").some((k) => active.has(k));
    figs.forEach((f) => f.classList.toggle("off", !shown(f)));
    $$(".issues li").forEach((li) => { li.hidden = !shown(li); });
  }

  function step(dir) {
    const list = figs.filter((f) => f.tabIndex >= 0 && !f.classList.contains("off")
      && !f.classList.contains("v-agree") && !f.classList.contains("v-unmatched"));
    if (!list.length) return;
    let i = list.findIndex((f) => f.dataset.fig === current);
    i = i < 0 ? (dir > 0 ? 0 : list.length - 1) : (i + dir + list.length) % list.length;
    open(list[i].dataset.fig, true);
  }

  document.addEventListener("click", (e) => {
    const t = e.target;
    if (t.closest("[data-close]")) { e.preventDefault(); close(); return; }
    const link = t.closest("a[data-fig]");
    if (link) { e.preventDefault(); open(link.dataset.fig, link.hasAttribute("data-jump")); return; }
    const chip = t.closest("button[data-key]");
    if (chip) {
      chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
      applyFilters();
      return;
    }
    const quick = t.closest("button[data-quick]");
    if (quick) {
      $$("button[data-key]").forEach((b) => b.setAttribute("aria-pressed",
        String(quick.dataset.quick === "all" || !QUIET.includes(b.dataset.key))));
      applyFilters();
    }
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === " " && e.target.matches && e.target.matches("a.fig")) {
      e.preventDefault();
      open(e.target.dataset.fig);
    } else if (e.key === "Escape" && current) {
      close();
    } else if (e.key === "j" || e.key === "k") {
      step(e.key === "j" ? 1 : -1);
    }
  });

  if (location.hash.indexOf("#detail-") === 0) open(location.hash.slice(8), true);
})();
