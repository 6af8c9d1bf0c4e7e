/* Ballot entry: a live preview of the paper ballot while the typist types, focus kept on
   the one input, an on-screen keypad for tablets, and the switch to a re-read the head
   orders. The grammar mirrors daihoi/elections/rules.py; the server's parse is the
   authority — this only shows the typist what the line will mean before Enter. */
(function () {
  "use strict";

  var root = document.getElementById("entry-root");
  if (!root) return;
  var style = root.dataset.style;
  var names = parseInt(root.dataset.names, 10);
  var seats = parseInt(root.dataset.seats, 10);
  var words = JSON.parse(document.getElementById("entry-messages").textContent);
  var DEFECTS = { d: "not_official", t: "added_name", v: "extra_writing", r: "torn_or_unreadable" };
  var MARKS = { "": "disagree", k: "disagree", c: "both", o: "none" };

  function say(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%s/g, function () { return String(args.shift()); });
  }

  function tokens(line) {
    var text = line.trim().toLowerCase().replace(/([=*])/g, " $1 ");
    return text.split(/[\s,;+]+/).filter(Boolean);
  }

  // → {numbers: Map(n → mark), defects: [...], keep, all, problem}
  function parse(line) {
    var out = { numbers: new Map(), defects: [], keep: false, all: false, problem: "" };
    var list = tokens(line);
    for (var i = 0; i < list.length && !out.problem; i++) {
      var token = list[i];
      if (token === "=" && style === "strike" && i === 0) { out.keep = true; continue; }
      if (token === "*" && style === "strike") { out.all = true; continue; }
      if (/^[a-z]+$/.test(token)) {
        for (var j = 0; j < token.length; j++) {
          var defect = DEFECTS[token[j]];
          if (!defect) { out.problem = say(words.letter, token[j]); break; }
          if (out.defects.indexOf(defect) < 0) out.defects.push(defect);
        }
        continue;
      }
      var match = /^(\d+)([a-z]?)$/.exec(token);
      if (!match) { out.problem = say(words.unknown, token); break; }
      var n = parseInt(match[1], 10), suffix = match[2];
      if (n < 1 || n > names) { out.problem = say(words.range, n); break; }
      if (out.numbers.has(n)) { out.problem = say(words.twice, n); break; }
      if (style === "strike" && suffix) { out.problem = say(words.suffix, token); break; }
      if (!(suffix in MARKS)) { out.problem = say(words.mark, token); break; }
      out.numbers.set(n, MARKS[suffix]);
    }
    if (!out.problem && out.all && out.numbers.size) out.problem = words.all_and_numbers;
    return out;
  }

  function struckSet(parsed) {
    var struck = new Set();
    for (var n = 1; n <= names; n++) {
      if (parsed.all || (parsed.keep ? !parsed.numbers.has(n) : parsed.numbers.has(n))) struck.add(n);
    }
    return struck;
  }

  function input() { return document.getElementById("entry-line"); }

  function preview() {
    var field = input();
    var parsed = parse(field ? field.value : "");
    var summary = document.getElementById("paper-summary");
    var problem = document.getElementById("paper-problem");
    var defects = document.getElementById("paper-defects");
    problem.textContent = parsed.problem;
    defects.innerHTML = "";
    parsed.defects.forEach(function (d) {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-warning me-1";
      badge.textContent = words[d];
      defects.appendChild(badge);
    });
    if (style === "strike") {
      var struck = struckSet(parsed);
      document.querySelectorAll(".dh-paper-names li").forEach(function (li) {
        li.classList.toggle("dh-struck", struck.has(parseInt(li.dataset.n, 10)));
      });
      var kept = names - struck.size;
      summary.textContent = say(words.struck, struck.size, kept) + (kept > seats ? " — " + words.too_many : "");
      summary.classList.toggle("text-danger", kept > seats);
    } else {
      var disagree = 0;
      document.querySelectorAll(".dh-paper-table tbody tr").forEach(function (row) {
        var mark = parsed.numbers.get(parseInt(row.dataset.n, 10)) || "agree";
        if (mark === "disagree") disagree++;
        row.querySelector('[data-box="agree"]').textContent = mark === "agree" || mark === "both" ? "X" : "";
        row.querySelector('[data-box="disagree"]').textContent = mark === "disagree" || mark === "both" ? "X" : "";
        row.classList.toggle("dh-odd-mark", mark === "both" || mark === "none");
      });
      summary.textContent = say(words.disagree, disagree);
    }
  }

  function focusLine() {
    var field = input();
    if (field && document.activeElement !== field) {
      field.focus();
      var end = field.value.length;
      field.setSelectionRange(end, end);
    }
  }

  function bindLine() {
    var form = document.getElementById("entry-form");
    if (form) form.dataset.bound = "1";
    var field = input();
    if (!field) { preview(); return; }
    field.addEventListener("input", preview);
    field.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { field.value = ""; preview(); refreshIfTaskChanged(); }
    });
    // A tablet with the on-screen keypad should not also open its own keyboard.
    field.inputMode = root.classList.contains("dh-keypad-on") ? "none" : "text";
    preview();
    focusLine();
  }

  // Keep the focus on the line: a key typed anywhere on the page goes to it.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    focusLine();
  });

  // The on-screen keypad (tablets): buttons type into the line without taking the focus.
  var keypad = document.getElementById("entry-keypad");
  if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
    root.classList.add("dh-keypad-on");
  }
  keypad.addEventListener("pointerdown", function (event) { event.preventDefault(); });
  keypad.addEventListener("click", function (event) {
    var button = event.target.closest("[data-key]");
    var field = input();
    if (!button || !field) return;
    var key = button.dataset.key;
    if (key === "enter") {
      field.form.requestSubmit();
    } else if (key === "back") {
      field.value = field.value.slice(0, -1);
    } else {
      field.value += key;
    }
    preview();
    focusLine();
  });

  // The head may order a re-read: the status line (polled) names the ballot to key now.
  function refreshIfTaskChanged() {
    var status = document.getElementById("entry-status");
    var form = document.getElementById("entry-form");
    var notice = document.getElementById("entry-task-changed");
    if (!status || !form) return;
    var same = status.dataset.seq === form.dataset.seq && status.dataset.revision === form.dataset.revision;
    var open = status.dataset.open === "1";
    if (same && open) { notice.classList.add("d-none"); return; }
    var field = input();
    if (field && field.value.trim() !== "" && open) {
      notice.textContent = say(words.task_changed, status.dataset.label);
      notice.classList.remove("d-none");
      return;
    }
    notice.classList.add("d-none");
    fetch(root.dataset.formUrl, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var current = document.getElementById("entry-form");
        var typing = input();
        if (!html || !current || (typing && typing.value.trim() !== "")) return;
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        current.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
        bindLine();
      });
  }

  // After any swap: bind a new form once; check a new status line against the form.
  var lastStatus = document.getElementById("entry-status");
  document.body.addEventListener("htmx:afterSettle", function () {
    var form = document.getElementById("entry-form");
    if (form && !form.dataset.bound) bindLine();
    var status = document.getElementById("entry-status");
    if (status && status !== lastStatus) {
      lastStatus = status;
      refreshIfTaskChanged();
    }
  });

  bindLine();
})();
