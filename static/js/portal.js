// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Buttons that ask before acting: <button data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Same folding as core.text.fold: lower case, no diacritics, đ -> d.
  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // <select data-unit-filter>: a search box above it that hides options not matching, ignoring diacritics.
  document.querySelectorAll("select[data-unit-filter]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.id = select.id + "_search";
    box.placeholder = select.dataset.unitFilter;
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    var none = document.createElement("p");
    none.className = "small text-body-secondary mb-1";
    none.id = select.id + "_none";
    none.setAttribute("role", "status");
    none.hidden = true;
    none.textContent = select.dataset.unitNone || "";
    select.parentNode.insertBefore(none, select);
    var options = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, text: fold(option.text) };
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      options.forEach(function (item) {
        var match = words.every(function (word) { return item.text.indexOf(word) !== -1; });
        item.option.hidden = !match && !item.option.selected;
      });
      none.hidden = !words.length || options.some(function (item) { return item.option.value && !item.option.hidden; });
    });
  });

  // Tables reflow into stacked rows on a phone: each cell is labelled with its column's heading
  // (CSS shows the label below the md breakpoint). A table opts out with class "table-no-stack".
  document.querySelectorAll("main table.table:not(.table-no-stack)").forEach(function (table) {
    var headRows = table.tHead ? table.tHead.rows : [];
    if (!headRows.length) {
      return;
    }
    var labels = [];
    Array.prototype.forEach.call(headRows[headRows.length - 1].cells, function (cell) {
      for (var span = 0; span < (cell.colSpan || 1); span++) {
        labels.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var label = labels[column];
          if (label && cell.tagName === "TD" && cell.colSpan < labels.length && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", label);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table-stack");
  });

  // File pickers (templates/bootstrap5/layout/field_file.html): say which file was chosen, in the page's language.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("file-picker-input")) { return; }
    var chosen = document.getElementById(input.id + "_chosen");
    if (!chosen) { return; }
    var files = input.files || [];
    if (files.length === 0) { chosen.textContent = chosen.dataset.none; }
    else if (files.length === 1) { chosen.textContent = files[0].name; }
    else { chosen.textContent = chosen.dataset.many.replace("%(count)s", files.length); }
  });
})();
