// riskassess questionnaire pages: conditional questions shown and hidden live, repeat items
// added from a <template> and removed, a filter for long country lists, focus on the error
// summary. Progressive enhancement: every action also works without JavaScript.
(function () {
  "use strict";

  // Django's JavaScript catalogue (/jsi18n/, loaded first by base.html) in the page's language;
  // English if it did not load.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_m, k) { return String(obj[k]); });
  };

  function isEmpty(v) {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  // The same operators as riskassess/questionnaires/conditions.py.
  function evaluate(cond, answers) {
    if (cond.all) return cond.all.every(function (c) { return evaluate(c, answers); });
    if (cond.any) return cond.any.some(function (c) { return evaluate(c, answers); });
    if (cond.not) return !evaluate(cond.not, answers);
    if (cond.fact) return false;
    var value = answers[cond.question];
    var empty = isEmpty(value);
    if ("not_empty" in cond) return !empty === Boolean(cond.not_empty);
    if (empty) return false;
    if ("equals" in cond) return value === cond.equals;
    if ("not_equals" in cond) return value !== cond.not_equals;
    if ("in" in cond) return cond["in"].indexOf(value) !== -1;
    if ("contains" in cond) return Array.isArray(value) && value.indexOf(cond.contains) !== -1;
    if ("greater_than" in cond) return typeof value === "number" && value > cond.greater_than;
    if ("less_than" in cond) return typeof value === "number" && value < cond.less_than;
    if ("any_item" in cond) {
      var spec = cond.any_item;
      return Array.isArray(value) && value.some(function (item) {
        return item && item[spec.field] === spec.equals;
      });
    }
    return false;
  }

  function readQuestion(el) {
    var key = el.getAttribute("data-question");
    var type = el.getAttribute("data-type");
    var unknown = el.querySelector('input[name="q-' + key + '-unknown"]');
    if (unknown && unknown.checked) return "unknown";
    if (type === "ynu" || type === "yn" || type === "choice") {
      var checked = el.querySelector('input[name="q-' + key + '"]:checked');
      return checked ? checked.value : undefined;
    }
    if (type === "multi" || type === "countries") {
      return Array.prototype.map.call(
        el.querySelectorAll('input[name="q-' + key + '"]:checked'), function (i) { return i.value; });
    }
    if (type === "repeat") {
      var items = [];
      el.querySelectorAll("[data-item-list] > [data-item]").forEach(function (card) {
        var item = {};
        card.querySelectorAll("input, select, textarea").forEach(function (input) {
          var m = input.name && input.name.match(/^q-[A-Za-z0-9]+-\d+-([a-z0-9_]+)$/);
          if (m && input.value !== "") item[m[1]] = input.value;
        });
        items.push(item);
      });
      return items;
    }
    var input = el.querySelector('[name="q-' + key + '"]');
    if (!input) return undefined;
    var raw = input.value.trim();
    if (raw === "") return undefined;
    if (type === "number" || type === "percent") {
      var n = Number(raw.replace(",", ".").replace("%", ""));
      return isNaN(n) ? raw : n;
    }
    if (type === "country") return raw.toUpperCase();
    return raw;
  }

  function initConditions(form) {
    var saved = {};
    var data = document.getElementById("saved-answers");
    if (data) {
      try { saved = JSON.parse(data.textContent) || {}; } catch (e) { saved = {}; }
    }
    var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
    function update() {
      var answers = Object.assign({}, saved);
      // In page order, like the server: a question hidden by its condition does not count.
      questions.forEach(function (el) {
        var key = el.getAttribute("data-question");
        var raw = el.getAttribute("data-condition");
        var visible = true;
        if (raw) {
          try { visible = evaluate(JSON.parse(raw), answers); } catch (e) { visible = true; }
        }
        el.hidden = !visible;
        if (visible) answers[key] = readQuestion(el);
        else delete answers[key];
      });
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  function renumber(list) {
    list.querySelectorAll(":scope > [data-item] [data-item-number]").forEach(function (span, i) {
      span.textContent = String(i + 1);
    });
  }

  function initRepeats(form) {
    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add-item]");
      if (add) {
        var question = add.closest("[data-question]");
        var list = question.querySelector("[data-item-list]");
        var tpl = question.querySelector("template[data-item-template]");
        if (!list || !tpl) return;
        event.preventDefault();
        var index = Number(list.getAttribute("data-next-index") || "0");
        list.setAttribute("data-next-index", String(index + 1));
        var html = tpl.innerHTML.replace(/__n__/g, String(index));
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var card = holder.firstElementChild;
        list.appendChild(card);
        renumber(list);
        var first = card.querySelector("input:not([type=hidden]), select, textarea");
        if (first) first.focus();
        form.dispatchEvent(new Event("change"));
        return;
      }
      var remove = event.target.closest("[data-remove-item]");
      if (remove) {
        var card2 = remove.closest("[data-item]");
        var list2 = card2 && card2.parentElement;
        if (!card2 || !list2) return;
        event.preventDefault();
        var heading = card2.querySelector(".item-title");
        var label = heading ? heading.textContent.trim() : gettext("Item");
        card2.remove();
        renumber(list2);
        var status = list2.closest("[data-question]").querySelector("[data-item-status]");
        if (!status) {
          status = document.createElement("p");
          status.setAttribute("role", "status");
          status.setAttribute("data-item-status", "");
          status.className = "small muted";
          list2.after(status);
        }
        status.textContent = interpolate(gettext("%(label)s removed. Save to keep this change."), {label: label}, true);
        var addButton = list2.closest("[data-question]").querySelector("[data-add-item]");
        if (addButton) addButton.focus();
        form.dispatchEvent(new Event("change"));
      }
    });
  }

  function initCountryFilters(root) {
    root.querySelectorAll("[data-country-filter]").forEach(function (box) {
      box.hidden = false;
      var input = box.querySelector("[data-filter-input]");
      var list = box.parentElement.querySelector("[data-country-box]");
      if (!input || !list) return;
      input.addEventListener("input", function () {
        var term = input.value.trim().toLowerCase();
        list.querySelectorAll("label[data-country-name]").forEach(function (label) {
          var cb = label.querySelector("input");
          var match = !term || label.getAttribute("data-country-name").indexOf(term) !== -1;
          label.hidden = !(match || (cb && cb.checked));
        });
      });
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    });
  }

  // Autosave: the form is sent in the background a moment after the last change (no files, no
  // item added or removed), with its version and base, so the server's per-field check applies.
  // What is not saved yet is guarded when leaving the page.
  function initAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    var versionInput = form.querySelector('input[name="version"]');
    var baseInput = form.querySelector('input[name="base"]');
    if (!url || !status || !versionInput || !baseInput || !window.fetch) return;
    var timer = null;
    var inFlight = null;
    var submitting = false;
    var halted = false;
    var lastSaved = serialise();

    function serialise() {
      var data = new FormData(form);
      var parts = [];
      data.forEach(function (value, name) {
        if (typeof value === "string" && name !== "version" && name !== "base" &&
            name !== "csrfmiddlewaretoken") parts.push(name + "=" + value);
      });
      return parts.join("&");
    }
    function filesChosen() {
      return Array.prototype.some.call(form.querySelectorAll('input[type="file"]'), function (i) {
        return i.files && i.files.length > 0;
      });
    }
    function dirty() { return serialise() !== lastSaved; }
    function say(text, kind) {
      status.textContent = text;
      status.className = "autosave-status small" + (kind ? " autosave-" + kind : "");
    }
    function clearErrors() {
      form.querySelectorAll("[data-autosave-error]").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    }
    function fillItemIds(values) {
      Object.keys(values || {}).forEach(function (key) {
        var items = values[key];
        if (!Array.isArray(items)) return;
        var question = form.querySelector('[data-question="' + key + '"][data-type="repeat"]');
        if (!question) return;
        var cards = Array.prototype.filter.call(question.querySelectorAll("[data-item-list] > [data-item]"), function (card) {
          return Array.prototype.some.call(card.querySelectorAll("input, select, textarea"), function (input) {
            if (/-id$/.test(input.name)) return false;
            if (input.type === "radio" || input.type === "checkbox") return input.checked;
            return input.value.trim() !== "";
          });
        });
        cards.forEach(function (card, i) {
          var idInput = card.querySelector('input[type="hidden"][name$="-id"]');
          if (idInput && !idInput.value && items[i] && items[i].id) idInput.value = items[i].id;
        });
      });
    }
    function save() {
      if (timer) { clearTimeout(timer); timer = null; }
      if (halted || submitting) return Promise.resolve(false);
      if (inFlight) return inFlight.then(function () { return dirty() ? save() : true; });
      if (!dirty()) return Promise.resolve(true);
      var snapshot = serialise();
      var data = new FormData(form);
      form.querySelectorAll('input[type="file"]').forEach(function (i) { data.delete(i.name); });
      say(status.getAttribute("data-saving") || gettext("Saving…"));
      inFlight = fetch(url, {method: "POST", body: data, credentials: "same-origin",
                             headers: {"X-Requested-With": "fetch"}})
        .then(function (response) {
          return response.json().then(function (body) { return {status: response.status, body: body}; });
        })
        .then(function (r) {
          inFlight = null;
          clearErrors();
          if (r.status === 200) {
            versionInput.value = String(r.body.version);
            baseInput.value = JSON.stringify(r.body.base);
            fillItemIds(r.body.base && r.body.base.values);
            lastSaved = snapshot;
            say((status.getAttribute("data-saved-at") || gettext("Saved at")) + " " + r.body.saved_at, "ok");
            if (dirty()) schedule();
            return true;
          }
          if (r.status === 400 && r.body.errors) {
            Object.keys(r.body.errors).forEach(function (key) {
              var p = form.querySelector('[data-autosave-error="' + key + '"]');
              if (p) { p.textContent = r.body.errors[key].join(" "); p.hidden = false; }
            });
            say(r.body.message, "error");
            return false;
          }
          if (r.status === 409) {
            halted = true;  // the full "Save draft" shows the conflicts and decides
            say(r.body.message + " " + (status.getAttribute("data-conflict") || ""), "error");
            return false;
          }
          // The status texts come translated from the page (data-*), never as English from here.
          say(r.body.message || status.getAttribute("data-failed"), "error");
          return false;
        })
        .catch(function () {
          inFlight = null;
          say(status.getAttribute("data-failed"), "error");
          return false;
        });
      return inFlight;
    }
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 1500);
      if (dirty() && !halted) say(status.getAttribute("data-unsaved"), "pending");
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting) return;
      if (dirty() || filesChosen()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    // Links that leave the page (section menu, pager): save first, then go.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
          event.shiftKey || link.target || link.hasAttribute("download")) return;
      if (link.getAttribute("href").charAt(0) === "#") return;
      if (!dirty() || halted || filesChosen()) return;
      event.preventDefault();
      save().then(function (ok) {
        if (ok) { submitting = true; window.location.href = link.href; }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var focus = document.querySelector("[data-focus-on-load]");
    if (focus) focus.focus();
    document.querySelectorAll("form[data-questionnaire]").forEach(function (form) {
      initConditions(form);
      initRepeats(form);
      initCountryFilters(form);
      initAutosave(form);
    });
  });
})();
