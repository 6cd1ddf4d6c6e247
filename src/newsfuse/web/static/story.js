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
      document.getElementById("reader-meta").textContent = [src.title, src.published].filter(Boolean).join(" · ");
      readerText.replaceChildren(
        document.createTextNode(chars.slice(0, start).join("")),
        el("mark", "", chars.slice(start, end).join("")),
        document.createTextNode(chars.slice(end).join(""))
      );
      readerText.querySelector("mark").id = "highlight";
      reader.hidden = false;
      var mark = readerText.querySelector("mark");
      if (reader.scrollHeight > reader.clientHeight) {  // wide screens: the report scrolls beside the brief
        if (!link.closest("#brief")) { reader.scrollIntoView({ block: "start" }); }  // opened from the facts
        reader.scrollTop += mark.getBoundingClientRect().top - reader.getBoundingClientRect().top - 80;
      } else {  // narrow screens: the report is below the brief
        mark.scrollIntoView({ block: "center" });
      }
    }).catch(function (err) {
      readerText.replaceChildren(el("p", "problem", "Could not open the report: " + err.message));
      reader.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("#brief a.cite, #facts a.cite");
    if (!link) { return; }
    event.preventDefault();
    openCitation(link);
  });
  document.getElementById("reader-close").addEventListener("click", function () {
    reader.hidden = true;
    clearActive();
  });

  function render(view) {
    var paragraphs = [];
    view.brief.sentences.forEach(function (s, i) {
      var p = paragraphs[s.paragraph];
      if (!p) { p = paragraphs[s.paragraph] = el("p"); }
      p.appendChild(el("span", "sentence", s.text)).id = "s" + i;
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
      reader.hidden = true;
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
