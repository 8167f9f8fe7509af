// Ribbon commands of the LKjIP add-in (templates/manifest.xml), in the task pane's shared runtime: the same
// presses as the pane's buttons (static/js/lkjip.js); the message appears in xlwings' dialog.
(function () {
  function command(scriptName) {
    return async function (event) {
      try {
        await globalThis.lkjip.press(scriptName, false);
      } finally {
        event.completed();
      }
    };
  }
  if (typeof Office !== "undefined" && Office.actions) {
    Office.actions.associate("lkjip-periksa", command("lkjip_periksa"));
    Office.actions.associate("lkjip-hitung-ulang", command("lkjip_hitung_ulang"));
    Office.actions.associate("lkjip-buat-laporan", command("lkjip_buat_laporan"));
  }
})();
