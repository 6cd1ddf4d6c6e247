// Story page: open a citation's report in place with the sentence highlighted, and change the
// brief's length without reloading the page. Article text only ever goes into textContent.
(function () {
  "use strict";
  var brief = document.getElementById("brief");
  if (!brief) { return; }
  var storyId = brief.dataset.story;
  var steps = brief.dataset.steps.split(",").map(Number);
  var words = Number(brief.dataset.words);
  var sources = {};  // source number -> promise of its JSON
  var reader = document.getElementById("reader");
  var readerText = document.getElementById("reader-text");

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.error || ("HTTP " + r.status)); }
        return data;
      });
    });
  }

  function source(n) {
    if (!sources[n]) { sources[n] = getJSON("/api/stories/" + storyId + "/sources/" + n); }
    return sources[n];
  }

  // newswire typewriter marks shown as typography (web/display.py's smarten; the stored text is verbatim)
  var RULES = [
    [/``|\u2018\u2018/g, "\u201c"], [/''|\u2019\u2019/g, "\u201d"], [/(\s)(?:_|--)(?=\s)/g, "$1\u2014"], [/(\w)--(?=\w)/g, "$1\u2014"],
    [/(^|[\s(\[{\u2014-])"/g, "$1\u201c"], [/"/g, "\u201d"], [/(\w)'/g, "$1\u2019"],
    [/(^|[\s(\[{\u2014\u201c-])'/g, "$1\u2018"], [/'/g, "\u2019"]
  ];
  function smarten(text) {
    return RULES.reduce(function (t, rule) { return t.replace(rule[0], rule[1]); }, text);
  }
  var opener = null;  // the citation that opened the report: focus goes back to it

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function clearActive() {
    document.querySelectorAll(".cite.active, .sentence.active").forEach(function (n) { n.classList.remove("active"); });
  }

  function openCitation(link) {
    var n = link.dataset.source, start = Number(link.dataset.start), end = Number(link.dataset.end);
    clearActive();
    link.classList.add("active");
    var sentence = link.dataset.sentence === undefined ? null : document.getElementById("s" + link.dataset.sentence);
    if (sentence) { sentence.classList.add("active"); }
    return source(n).then(function (src) {
      var chars = Array.from(src.text);  // offsets count code points, as Python does
      document.getElementById("reader-title").textContent = "[" + src.number + "] " + src.label;
      document.getElementById("reader-meta").textContent =
        [src.title ? smarten(src.title) : "", src.published].filter(Boolean).join(" · ");
      // cut at the offsets first, then smarten each piece (offsets refer to the stored text)
      readerText.replaceChildren(
        document.createTextNode(smarten(chars.slice(0, start).join(""))),
        el("mark", "", smarten(chars.slice(start, end).join(""))),
        document.createTextNode(smarten(chars.slice(end).join("")))
      );
      readerText.querySelector("mark").id = "highlight";
      show(link);
      var mark = readerText.querySelector("mark");
      var sheet = window.getComputedStyle(reader).position === "fixed";  // narrow screens: a sheet over the page
      if (!sheet && !link.closest("#brief")) { reader.scrollIntoView({ block: "start" }); }  // opened from the facts
      var head = reader.querySelector(".reader-head").offsetHeight;
      reader.scrollTop += mark.getBoundingClientRect().top - reader.getBoundingClientRect().top - head - 24;
    }).catch(function (err) {
      readerText.replaceChildren(el("p", "problem", "Could not open the report: " + err.message));
      show(link);
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("#brief a.cite, #facts a.cite");
    if (!link) { return; }
    event.preventDefault();
    openCitation(link);
  });
  function show(link) {
    opener = link;
    reader.hidden = false;
    document.body.classList.add("reading");
    reader.focus({ preventScroll: true });  // keyboard and screen-reader users land in the report
  }

  function close() {
    if (reader.hidden) { return; }
    reader.hidden = true;
    document.body.classList.remove("reading");
    clearActive();
    if (opener && document.body.contains(opener)) { opener.focus(); }  // back where the reader was
    opener = null;
  }

  document.getElementById("reader-close").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !reader.hidden) { event.preventDefault(); close(); }
  });

  function render(view) {
    var paragraphs = [];
    view.brief.sentences.forEach(function (s, i) {
      var p = paragraphs[s.paragraph];
      if (!p) { p = paragraphs[s.paragraph] = el("p"); }
      p.appendChild(el("span", "sentence", smarten(s.text))).id = "s" + i;
      p.appendChild(document.createTextNode(" "));
      s.citations.forEach(function (n) {
        var spot = view.anchors[i][String(n)] || [s.start, s.end];
        var a = el("a", "cite", "[" + n + "]");
        a.href = "/stories/" + storyId + "/sources/" + n + "?start=" + spot[0] + "&end=" + spot[1];
        a.dataset.sentence = i; a.dataset.source = n; a.dataset.start = spot[0]; a.dataset.end = spot[1];
        p.appendChild(a);
      });
      if (s.date) {
        p.appendChild(document.createTextNode(" "));
        var t = el("time", "date", s.date);
        t.dateTime = s.date;
        p.appendChild(t);
      }
      p.appendChild(document.createTextNode(" "));
    });
    brief.replaceChildren.apply(brief, paragraphs.filter(Boolean));
    document.getElementById("words").textContent = view.brief.story.words;
    document.getElementById("budget").textContent = view.words;
    ["md", "json", "html"].forEach(function (fmt) {
      document.getElementById("dl-" + fmt).href = "/stories/" + storyId + "/brief." + fmt + "?words=" + view.words +
        (brief.dataset.facts === "1" ? "&facts=1" : "");
    });
  }

  function buttons() {
    document.getElementById("shorter").disabled = words <= steps[0];
    document.getElementById("longer").disabled = words >= steps[steps.length - 1];
  }

  function setLength(next) {
    brief.classList.add("loading");
    return getJSON("/api/stories/" + storyId + "/view?words=" + next).then(function (view) {
      words = next;
      brief.dataset.words = String(next);
      render(view);
      opener = null;
      close();
      history.replaceState(null, "", "?words=" + next + (brief.dataset.facts === "1" ? "&facts=1" : ""));
      buttons();
    }).catch(function (err) {
      window.alert("Could not change the length: " + err.message);
    }).finally(function () { brief.classList.remove("loading"); });
  }

  document.getElementById("shorter").addEventListener("click", function () {
    var smaller = steps.filter(function (w) { return w < words; });
    if (smaller.length) { setLength(smaller[smaller.length - 1]); }
  });
  document.getElementById("longer").addEventListener("click", function () {
    var larger = steps.filter(function (w) { return w > words; });
    if (larger.length) { setLength(larger[0]); }
  });
  buttons();
}());
