// While an export is being prepared, fetch the page again every few seconds and replace the list of jobs
// (the progress bars), until none is pending. No full reload: focus and scroll stay where they are.
(function () {
  "use strict";
  const PERIOD = 3000;
  function refresh() {
    const jobs = document.getElementById("export-jobs");
    if (!jobs || !jobs.dataset.refresh) return;
    fetch(jobs.dataset.refresh, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("export-jobs");
        if (fresh) jobs.replaceWith(fresh);
        window.setTimeout(refresh, PERIOD);
      })
      .catch(() => window.setTimeout(refresh, PERIOD * 5));
  }
  window.setTimeout(refresh, PERIOD);
})();
