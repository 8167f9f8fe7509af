// The LKjIP buttons for Office.js (task pane and ribbon): Periksa, Hitung Ulang, Buat Laporan.
//
// A press lists what xlwings' payload cannot carry (it carries values only, so 82,94% would arrive as 0.8294,
// "Januari 2025" as 1 January, and an empty merged area not at all): the cells formatted as a percent, then
// "[bulan]" and those formatted as a month without its day, then "[gabung]" and the merged areas of the sheets
// that hold tables (lkjip_xl.addresses.parse_cell_formats). It sends that text in the X-Lkjip-Persen header
// (the name add-ins already send) and calls the script through xlwings' runPython, which posts the workbook and executes the actions the server returns. From the task pane the
// script's message is shown in the pane; from the ribbon, in xlwings' dialog.
(function () {
  "use strict";

  const HEADER = "X-Lkjip-Persen";
  const TOKEN_KEY = "lkjip-token";
  let inPane = false;
  let busy = false;

  // --- the cell lists, as lkjip_xl.addresses.format_cell_list writes them --------------------------------

  function columnName(n) {
    let s = "";
    while (n > 0) {
      const m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  function topLeft(address) {
    // "Kinerja!$A$5:$W$21", "'Data Umum'!A5:B9" -> {row: 5, col: 1}
    const ref = address
      .slice(address.lastIndexOf("!") + 1)
      .split(":")[0]
      .replace(/\$/g, "");
    const m = /^([A-Za-z]+)(\d+)$/.exec(ref);
    if (!m) return null;
    let col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]), col: col };
  }

  function sheetRef(name) {
    return /^[\p{L}\p{N}]+$/u.test(name.replace(/_/g, ""))
      ? name
      : "'" + name.replace(/'/g, "''") + "'";
  }

  function isPercentFormat(format) {
    // a % inside quotes or after a backslash is literal text: Excel does not scale such a value
    return (
      typeof format === "string" &&
      format.replace(/"[^"]*"/g, "").replace(/\\./g, "").includes("%")
    );
  }

  // the first section of a date format, without quoted text, escapes and [..] parts, shows y and m but no d/h/s
  // ("mmmm yyyy", "mmm-yy"): the rule of lkjip_xl.xlsx.package._month_styles
  function isMonthFormat(format) {
    if (typeof format !== "string") return false;
    const shown = format
      .toLowerCase()
      .replace(/"[^"]*"|\\.|\[[^\][]*]/g, "")
      .split(";")[0];
    return /y/.test(shown) && /m/.test(shown) && !/[dhs]/.test(shown);
  }

  // cells: [sheet, row, column] -> "Kinerja!D5:D9;Kinerja!F7" (vertical runs joined; sheet, column, row order)
  function formatCellList(cells) {
    const byCol = new Map();
    for (const [sheet, row, col] of cells) {
      const key = JSON.stringify([sheet, col]);
      if (!byCol.has(key)) byCol.set(key, { sheet: sheet, col: col, rows: [] });
      byCol.get(key).rows.push(row);
    }
    const groups = [...byCol.values()].sort((a, b) =>
      a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : a.col - b.col,
    );
    const parts = [];
    for (const g of groups) {
      const rows = [...new Set(g.rows)].sort((a, b) => a - b);
      const col = columnName(g.col);
      let start = rows[0];
      let prev = rows[0];
      for (const r of [...rows.slice(1), null]) {
        if (r !== null && r === prev + 1) {
          prev = r;
          continue;
        }
        const ref = start === prev ? `${col}${start}` : `${col}${start}:${col}${prev}`;
        parts.push(`${sheetRef(g.sheet)}!${ref}`);
        start = prev = r;
      }
    }
    return parts.join(";");
  }

  // "Ringkasan!$A$15:$C$15, Ringkasan!$E$3:$F$3" (Office.js) -> ["Ringkasan!A15:C15", "Ringkasan!E3:F3"]
  function mergedList(sheet, address) {
    return address
      .split(",")
      .map((a) => a.trim().slice(a.trim().lastIndexOf("!") + 1).replace(/\$/g, ""))
      .filter((a) => a)
      .map((a) => `${sheetRef(sheet)}!${a}`);
  }

  // The merged areas of the sheets that hold tables (ExcelApi 1.13; an older Excel sends none, as older add-ins).
  async function mergedAreas(context, sheets) {
    try {
      const found = sheets.map((sheet) => ({
        sheet: sheet.name,
        areas: sheet.getUsedRange().getMergedAreasOrNullObject().load("address"),
      }));
      await context.sync();
      return found.flatMap(({ sheet, areas }) => (areas.isNullObject ? [] : mergedList(sheet, areas.address)));
    } catch (error) {
      console.error("lkjip: merged areas not read", error);
      return [];
    }
  }

  async function cellFormats(context) {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    for (const sheet of sheets.items) sheet.tables.load("items/name");
    await context.sync();
    const withTables = sheets.items.filter((sheet) => sheet.tables.items.length > 0);
    const bodies = [];
    for (const sheet of withTables) {
      for (const table of sheet.tables.items) {
        bodies.push({
          sheet: sheet.name,
          range: table.getDataBodyRange().load("address, numberFormat, values"),
        });
      }
    }
    await context.sync();
    const percent = [];
    const month = [];
    for (const { sheet, range } of bodies) {
      const origin = topLeft(range.address);
      if (!origin) continue;
      range.values.forEach((row, i) =>
        row.forEach((value, j) => {
          const format = range.numberFormat[i] && range.numberFormat[i][j];
          if (typeof value !== "number") return;
          if (isPercentFormat(format)) percent.push([sheet, origin.row + i, origin.col + j]);
          else if (isMonthFormat(format)) month.push([sheet, origin.row + i, origin.col + j]);
        }),
      );
    }
    const merged = await mergedAreas(context, withTables);
    let text = formatCellList(percent);
    if (month.length) text += "[bulan]" + formatCellList(month);
    if (merged.length) text += "[gabung]" + merged.join(";");
    return text;
  }

  // --- the message -----------------------------------------------------------------------------------------

  function paneMessage(text, kind, state) {
    const el = document.getElementById("lkjip-pesan");
    if (!el) return;
    el.textContent = text;
    el.style.whiteSpace = "pre-line";
    el.className = `alert mt-3 alert-${kind}`;
    el.dataset.state = state;
  }

  // The scripts end in one alert action; from the pane its text is shown in the pane instead of a dialog.
  // dispatchActions looks each action up in globalThis.callbacks, so wrapping that entry is enough.
  function routeAlerts() {
    const callbacks = globalThis.callbacks;
    if (!callbacks || !callbacks.alert || callbacks.alert.lkjip) return;
    const dialog = callbacks.alert;
    const alert = async function (context, action) {
      if (!inPane) return dialog(context, action);
      const mode = String(action.args[3] || "info");
      paneMessage(String(action.args[0]), mode === "critical" ? "danger" : "success", "done");
    };
    alert.lkjip = true;
    callbacks.alert = alert;
  }

  // --- a press ---------------------------------------------------------------------------------------------

  async function press(scriptName, fromPane) {
    if (busy) return;
    busy = true;
    const buttons = document.querySelectorAll("[data-lkjip-script]");
    buttons.forEach((b) => b.setAttribute("disabled", "true"));
    if (fromPane) paneMessage("Sedang memproses…", "secondary", "busy");
    try {
      await Office.onReady();
      let formats = null;
      try {
        formats = await Excel.run(cellFormats);
      } catch (error) {
        console.error("lkjip: cell formats not read", error);
      }
      const auth =
        typeof globalThis.getAuth === "function"
          ? await globalThis.getAuth()
          : { token: "", provider: "" };
      const headers = { "Auth-Provider": auth.provider };
      if (formats !== null) headers[HEADER] = formats;
      inPane = fromPane;
      routeAlerts();
      await globalThis.xlwings.runPython({
        scriptName: scriptName,
        auth: auth.token,
        headers: headers,
        errorDisplayMode: fromPane ? "taskpane" : "alert",
      });
      const el = document.getElementById("lkjip-pesan");
      if (fromPane && el && el.dataset.state === "busy") {
        // runPython reported the failure in the pane's error bar (#global-error-alert)
        paneMessage("Tombol tidak selesai; lihat pesan di atas.", "danger", "done");
      }
    } finally {
      inPane = false;
      busy = false;
      buttons.forEach((b) => b.removeAttribute("disabled"));
    }
  }

  // --- wiring ----------------------------------------------------------------------------------------------

  function init() {
    document.querySelectorAll("[data-lkjip-script]").forEach((button) => {
      button.addEventListener("click", () => press(button.dataset.lkjipScript, true));
    });
    const config = globalThis.config || {};
    const tokenBlock = document.getElementById("lkjip-token-blok");
    if (tokenBlock && (config.authProviders || []).includes("custom")) {
      const input = document.getElementById("lkjip-token");
      tokenBlock.classList.remove("d-none");
      try {
        input.value = localStorage.getItem(TOKEN_KEY) || "";
      } catch (error) {
        console.error(error);
      }
      input.addEventListener("change", () => {
        try {
          localStorage.setItem(TOKEN_KEY, input.value.trim());
        } catch (error) {
          console.error(error);
        }
      });
    }
  }

  globalThis.lkjip = { press, cellFormats, formatCellList, isMonthFormat, TOKEN_KEY };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
