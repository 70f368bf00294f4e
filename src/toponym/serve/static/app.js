// The web page: search with type-ahead, a pasted column, an article. The server renders the maps
// and the article view (escaped HTML); everything else is written here with textContent only.
"use strict";

const ROW_FIELDS = ["query", "status", "id", "name", "name_ar", "kind", "governorate", "district",
  "lat", "lon", "score", "ambiguous", "runner_up"];

const $ = (id) => document.getElementById(id);

async function call(url, options) {
  const response = await fetch(url, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function postJson(url, body) {
  return call(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function score(row) {
  if (row.score == null) return "";
  return row.score.toFixed(0) + (row.ambiguous ? " ?" : "");
}

function renderRows(table, rows, withQuery) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  const titles = withQuery ? ["query", "status"] : [];
  for (const title of [...titles, "name", "Arabic", "id", "kind", "governorate", "score", "ambiguity"]) {
    const th = document.createElement("th");
    th.textContent = title;
    head.appendChild(th);
  }
  const body = table.createTBody();
  rows.forEach((row, index) => {
    const tr = body.insertRow();
    tr.dataset.key = String(index);
    tr.className = row.status;
    if (withQuery) { cell(tr, row.query); cell(tr, row.status); }
    cell(tr, row.name);
    cell(tr, row.name_ar, "ar").lang = "ar";
    cell(tr, row.id, "id");
    cell(tr, row.kind);
    cell(tr, row.governorate);
    cell(tr, score(row), "score");
    cell(tr, row.ambiguous ? "ambiguous" + (row.runner_up ? ": also " + row.runner_up : "") : "");
  });
}

function showMap(box, svg) {
  box.innerHTML = svg; // rendered and escaped by the server
  toponymLink(box.parentElement);
}

// -- tabs --------------------------------------------------------------------------------------
for (const tab of document.querySelectorAll("nav [role=tab]")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll("nav [role=tab]")) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      $(other.dataset.panel).hidden = !selected;
    }
  });
}

// -- search with type-ahead --------------------------------------------------------------------
const search = $("search");
const suggestions = $("suggestions");
let typed = 0;

search.addEventListener("input", () => {
  const prefix = search.value.trim();
  const ticket = ++typed;
  if (!prefix) { suggestions.hidden = true; return; }
  setTimeout(async () => {
    if (ticket !== typed) return; // the user kept typing
    try {
      const found = await call("/reconcile/suggest/entity?limit=8&prefix=" + encodeURIComponent(prefix));
      if (ticket !== typed) return;
      suggestions.replaceChildren();
      for (const entity of found.result) {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.id = entity.id;
        const name = document.createElement("strong");
        name.textContent = entity.name;
        const about = document.createElement("span");
        about.textContent = " " + (entity.description || "");
        li.append(name, about);
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          search.value = entity.name;
          suggestions.hidden = true;
          runSearch();
        });
        suggestions.appendChild(li);
      }
      suggestions.hidden = found.result.length === 0;
    } catch (error) {
      suggestions.hidden = true;
    }
  }, 120);
});
search.addEventListener("blur", () => { suggestions.hidden = true; });

async function runSearch() {
  typed++;
  suggestions.hidden = true;
  const query = search.value;
  const governorate = $("search-governorate").value;
  const status = $("search-status");
  try {
    const data = await call("/api/search?q=" + encodeURIComponent(query) + "&governorate=" + encodeURIComponent(governorate));
    renderRows($("search-results"), data.rows, false);
    showMap($("search-map"), data.map);
    status.textContent = data.rows.length ? data.rows.length + " candidates for “" + query + "”" : "no place matches “" + query + "”";
  } catch (error) {
    status.textContent = error.message;
  }
}

$("search-form").addEventListener("submit", (event) => { event.preventDefault(); runSearch(); });

// -- a pasted column ---------------------------------------------------------------------------
let columnRows = [];

$("column-go").addEventListener("click", async () => {
  const lines = $("column-input").value.split(/\r?\n/);
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const status = $("column-status");
  try {
    const data = await postJson("/api/resolve", { lines, governorate: $("column-governorate").value });
    columnRows = data.rows;
    renderRows($("column-results"), data.rows, true);
    showMap($("column-map"), data.map);
    const matched = data.rows.filter((row) => row.status === "matched").length;
    status.textContent = matched + " of " + data.rows.length + " lines matched without doubt";
    $("column-csv").disabled = data.rows.length === 0;
  } catch (error) {
    status.textContent = error.message;
  }
});

function csvField(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

$("column-csv").addEventListener("click", () => {
  const lines = [ROW_FIELDS.join(",")];
  for (const row of columnRows) lines.push(ROW_FIELDS.map((field) => csvField(row[field])).join(","));
  const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "toponym-places.csv";
  document.body.appendChild(link);
  link.click();
  link.remove();
});

// -- an article ----------------------------------------------------------------------------------
async function runArticle() {
  const status = $("article-status");
  const view = $("article-view");
  try {
    const data = await postJson("/api/extract", { text: $("article-input").value });
    view.innerHTML = data.html; // rendered and escaped by the server
    toponymLink(view);
    status.textContent = data.mentions.length + " place mentions";
  } catch (error) {
    status.textContent = error.message;
  }
}

$("article-go").addEventListener("click", runArticle);
const articleInput = $("article-input");
articleInput.addEventListener("dragover", (event) => event.preventDefault());
articleInput.addEventListener("drop", async (event) => {
  const file = event.dataTransfer.files[0];
  if (!file) return;
  event.preventDefault();
  articleInput.value = await file.text();
  runArticle();
});
