// newsfuse: remember when this browser last saw each story (localStorage, nothing sent anywhere), show
// "New since your last visit" on a story page and mark updated stories in the list.
(function () {
  "use strict";
  var KEY = "newsfuse:visits";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(visits) {
    try { localStorage.setItem(KEY, JSON.stringify(visits)); } catch (e) { /* private mode: nothing kept */ }
  }
  var visits = load();

  var story = document.getElementById("news");
  if (story) {
    var id = story.getAttribute("data-story");
    var updated = story.getAttribute("data-updated");
    var seen = visits[id];
    visits[id] = new Date().toISOString();
    save(visits);
    if (!seen || !updated || updated <= seen) { return; }
    fetch("/api/stories/" + id + "?words=" + story.getAttribute("data-words") + "&since=" + encodeURIComponent(seen))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.updates || !data.updates.length) { return; }
        var list = document.getElementById("news-list");
        data.updates.forEach(function (u) {
          var li = document.createElement("li");
          li.className = "update";
          li.appendChild(document.createTextNode(u.text + " "));
          u.reports.forEach(function (rep) {
            var a = document.createElement("a");
            a.className = "cite";
            a.href = "/stories/" + id + "/sources/" + rep.number;
            a.textContent = "[" + rep.number + "]";
            a.title = rep.label || "";
            li.appendChild(a);
          });
          list.appendChild(li);
        });
        document.getElementById("news-when").textContent = seen.replace("T", " ").slice(0, 16) + " UTC";
        story.hidden = false;
      })
      .catch(function () { /* the brief above still stands */ });
    return;
  }

  var rows = document.querySelectorAll(".story-row[data-story]");
  if (!rows.length) { return; }
  var lastList = visits["list"];
  rows.forEach(function (row) {
    var id = row.getAttribute("data-story");
    var updated = row.getAttribute("data-updated");
    var created = row.getAttribute("data-created");
    var label = null;
    if (visits[id] && updated > visits[id]) { label = "Updated"; }
    else if (!visits[id] && lastList && created > lastList) { label = "New"; }
    if (label) {
      row.classList.add(label === "New" ? "is-new" : "is-updated");
      var tag = document.createElement("span");
      tag.className = "tag fresh";
      tag.textContent = label;
      (row.querySelector(".headline") || row).appendChild(tag);
    }
  });
  visits["list"] = new Date().toISOString();
  save(visits);
})();
