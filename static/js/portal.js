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
    var options = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, text: fold(option.text) };
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      options.forEach(function (item) {
        var match = words.every(function (word) { return item.text.indexOf(word) !== -1; });
        item.option.hidden = !match && !item.option.selected;
      });
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
})();
