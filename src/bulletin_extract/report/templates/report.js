// Review report behaviour: kind toggles, the mention tooltip, links between the text,
// the record tables and the page boxes. Document strings only ever go in via textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mention-data").textContent);
  var byId = {};
  data.forEach(function (m) { byId[m.id] = m; });
  var tip = document.getElementById("tip");
  var pages = document.getElementById("pages");

  function markOf(target) { return target && target.closest ? target.closest("mark.m, mark.mc") : null; }
  function primary(id) { return document.getElementById("m-" + id); }

  // ---- legend toggles
  document.querySelectorAll(".legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });
  function showKind(kind) {
    var box = document.querySelector('.legend input[data-kind="' + kind + '"]');
    if (box && !box.checked) { box.checked = true; box.dispatchEvent(new Event("change")); }
  }

  // ---- tooltip
  function line(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }
  function showTip(el) {
    var m = byId[el.dataset.m];
    if (!m) { return; }
    tip.replaceChildren();
    var head = line("tk k-" + m.kind, m.kind_label);
    tip.appendChild(head);
    tip.appendChild(document.createTextNode(" " + m.source_label + " · увереност " +
      Math.round(m.confidence * 100) + "%" + (m.page ? " · стр. " + m.page : "")));
    tip.appendChild(line("tv", m.value || m.text));
    if (m.low) { tip.appendChild(line("tf", "ниска увереност — проверете ")); }
    if (m.conflict) { tip.appendChild(line("tf", "противоречива стойност")); }
    if (m.explanation) { tip.appendChild(line("tx", m.explanation)); }
    if (m.used_in.length) {
      tip.appendChild(line("tu", "В: " + m.used_in.map(function (u) { return u.label; }).join("; ") +
        " (Enter/клик)"));
    }
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var left = Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }

  // ---- page boxes follow the focused mention
  function activate(id) {
    document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
    var boxes = document.querySelectorAll('.box[data-m="' + id + '"]');
    boxes.forEach(function (b) { b.classList.add("active"); });
    if (pages && boxes.length) {
      var pr = pages.getBoundingClientRect(), br = boxes[0].getBoundingClientRect();
      if (br.top < pr.top || br.bottom > pr.bottom) {
        pages.scrollTop += br.top - pr.top - pages.clientHeight / 3;
      }
    }
  }

  function goToMention(id) {
    var el = primary(id);
    if (!el) { return; }
    showKind(byId[id] && byId[id].kind);
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
    history.replaceState(null, "", "#m-" + id);
  }
  function goToRecord(id) {
    var m = byId[id];
    if (!m || !m.used_in.length) { return false; }
    var cell = document.querySelector(m.used_in[0].href);
    if (!cell) { return false; }
    var link = cell.querySelector("a.ev") || cell;
    cell.scrollIntoView({ block: "center" });
    link.focus({ preventScroll: true });
    history.replaceState(null, "", m.used_in[0].href);
    return true;
  }

  document.addEventListener("mouseover", function (e) {
    var el = markOf(e.target);
    if (el) { showTip(el); activate(el.dataset.m); }
  });
  document.addEventListener("mouseout", function (e) {
    if (markOf(e.target) && document.activeElement !== markOf(e.target)) { hideTip(); }
  });
  document.addEventListener("focusin", function (e) {
    var el = markOf(e.target);
    if (el) { showTip(el); activate(el.dataset.m); } else { hideTip(); }
  });
  document.addEventListener("focusout", function (e) { if (markOf(e.target)) { hideTip(); } });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideTip(); return; }
    var el = markOf(e.target);
    if (el && e.key === "Enter" && goToRecord(el.dataset.m)) { e.preventDefault(); }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.ev, a.box, a.to-m");
    if (link && link.dataset.m !== undefined) {
      e.preventDefault();
      goToMention(link.dataset.m);
      return;
    }
    var el = markOf(e.target);
    if (el && !window.getSelection().toString()) { goToRecord(el.dataset.m); }
  });
})();
