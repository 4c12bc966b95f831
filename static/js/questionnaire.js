// riskassess questionnaire pages: conditional questions shown and hidden live, repeat items
// added from a <template> and removed, a filter for long country lists, focus on the error
// summary. Progressive enhancement: every action also works without JavaScript.
(function () {
  "use strict";

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
        var label = heading ? heading.textContent.trim() : "Item";
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
        status.textContent = label + " removed. Save to keep this change.";
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

  document.addEventListener("DOMContentLoaded", function () {
    var focus = document.querySelector("[data-focus-on-load]");
    if (focus) focus.focus();
    document.querySelectorAll("form[data-questionnaire]").forEach(function (form) {
      initConditions(form);
      initRepeats(form);
      initCountryFilters(form);
    });
  });
})();
