// A stand-in for office.js, served in its place by tests/test_taskpane_browser.py: just enough of Office and
// Excel for xlwings' runPython (getBookData, the action callbacks) and the LKjIP task pane, over a fake
// workbook in globalThis.__LKJIP_BOOK__ = {name, sheets: [{name, values, tables, formats, merges}]} (values and
// tables as lkjip_xl.excel.payload_from_file gives them; formats: {"D5": "0.00%"}; merges: ["A15:C15"]). What Excel would be asked to do
// is recorded in globalThis.__officeLog.
(function () {
  "use strict";

  const BOOK = globalThis.__LKJIP_BOOK__;
  const log = (globalThis.__officeLog = {
    writes: [],
    dialogs: [],
    associated: {},
    runs: 0,
  });

  function colNum(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
    return n;
  }

  function colName(n) {
    let s = "";
    while (n > 0) {
      const m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  // "$A$4:$B$10" (or "Sheet!A4") -> zero-based [r0, c0, r1, c1]
  function parse(address) {
    const [x, y] = address.replace(/\$/g, "").split("!").pop().split(":");
    const one = (s) => {
      const m = /^([A-Za-z]+)(\d+)$/.exec(s);
      if (!m) throw new Error(`stand-in: unsupported address ${address}`);
      return [Number(m[2]) - 1, colNum(m[1]) - 1];
    };
    const [r0, c0] = one(x);
    const [r1, c1] = y ? one(y) : [r0, c0];
    return [r0, c0, r1, c1];
  }

  function a1(r0, c0, r1, c1) {
    const first = colName(c0 + 1) + (r0 + 1);
    return r0 === r1 && c0 === c1 ? first : `${first}:${colName(c1 + 1)}${r1 + 1}`;
  }

  function quoted(name) {
    return /^[A-Za-z0-9_]+$/.test(name) ? name : "'" + name.replace(/'/g, "''") + "'";
  }

  const nullObject = () => ({ isNullObject: true, load() { return this; } });

  // Any property path written or called below it is recorded (range.format.fill.color = ..., .clear()).
  function recorder(path) {
    return new Proxy(function () {}, {
      get(_target, prop) {
        if (prop === "then" || typeof prop === "symbol") return undefined; // not a promise
        if (prop === "load") return () => recorder(path);
        return recorder(`${path}.${String(prop)}`);
      },
      set(_target, prop, value) {
        log.writes.push({ path: `${path}.${String(prop)}`, value: value });
        return true;
      },
      apply(_target, _this, args) {
        log.writes.push({ path: `${path}()`, args: args });
        return recorder(`${path}()`);
      },
    });
  }

  class Collection {
    constructor(items) {
      this.items = items;
    }
    load() {
      return this;
    }
    getItem(name) {
      const found = this.items.find((x) => x.name === name);
      if (!found) throw new Error(`stand-in: no item ${name}`);
      return found;
    }
    getItemOrNullObject(name) {
      return this.items.find((x) => x.name === name) || nullObject();
    }
  }

  class Range {
    constructor(sheet, r0, c0, r1, c1) {
      Object.assign(this, { sheet, r0, c0, r1, c1, isNullObject: false, worksheet: sheet });
    }
    load() {
      return this;
    }
    get address() {
      return `${quoted(this.sheet.name)}!${a1(this.r0, this.c0, this.r1, this.c1)}`;
    }
    get rowCount() {
      return this.r1 - this.r0 + 1;
    }
    get columnCount() {
      return this.c1 - this.c0 + 1;
    }
    grid(cell) {
      const out = [];
      for (let r = this.r0; r <= this.r1; r++) {
        const row = [];
        for (let c = this.c0; c <= this.c1; c++) row.push(cell(r, c));
        out.push(row);
      }
      return out;
    }
    get values() {
      return this.grid((r, c) => {
        const v = (this.sheet.values[r] || [])[c];
        return v === null || v === undefined ? "" : v;
      });
    }
    set values(values) {
      log.writes.push({ func: "values", sheet: this.sheet.name, address: a1(this.r0, this.c0, this.r1, this.c1), values });
    }
    get numberFormat() {
      return this.grid((r, c) => this.sheet.formats[colName(c + 1) + (r + 1)] || "General");
    }
    set hyperlink(link) {
      log.writes.push({ func: "hyperlink", sheet: this.sheet.name, address: a1(this.r0, this.c0, this.r1, this.c1), link });
    }
    get format() {
      return recorder(`${this.sheet.name}!${a1(this.r0, this.c0, this.r1, this.c1)}.format`);
    }
    getMergedAreasOrNullObject() {
      const inside = this.sheet.merges.filter((m) => {
        const [r0, c0, r1, c1] = parse(m);
        return r0 >= this.r0 && c0 >= this.c0 && r1 <= this.r1 && c1 <= this.c1;
      });
      if (!inside.length) return nullObject();
      // as Excel gives a RangeAreas' address: sheet-qualified, absolute, comma-separated
      const abs = (m) => m.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
      return { isNullObject: false, address: inside.map((m) => `${quoted(this.sheet.name)}!${abs(m)}`).join(", "), load() { return this; } };
    }
  }

  class Table {
    constructor(sheet, t) {
      this.sheet = sheet;
      this.t = t;
      this.name = t.name;
      this.showHeaders = t.show_headers !== false;
      this.showTotals = Boolean(t.show_totals);
      this.style = t.table_style || "TableStyleMedium2";
      this.showFilterButton = t.show_autofilter !== false;
      this.highlightFirstColumn = false;
      this.highlightLastColumn = false;
      this.showBandedRows = true;
      this.showBandedColumns = false;
      this.columns = new Collection((t.columns || []).map((name) => ({ name })));
    }
    load() {
      return this;
    }
    at(address) {
      return new Range(this.sheet, ...parse(address));
    }
    getRange() {
      return this.at(this.t.range_address);
    }
    getDataBodyRange() {
      return this.at(this.t.data_body_range_address);
    }
    getHeaderRowRange() {
      return this.at(this.t.header_row_range_address);
    }
    getTotalRowRange() {
      return this.at(this.t.total_row_range_address);
    }
    resize(address) {
      log.writes.push({ func: "resize", table: this.name, address });
    }
  }

  class Sheet {
    constructor(data, position) {
      this.name = data.name;
      this.position = position;
      this.visibility = "Visible";
      this.showGridlines = true;
      this.values = data.values || [];
      this.formats = data.formats || {};
      this.merges = data.merges || [];
      this.tables = new Collection([]);
      this.tables.items = (data.tables || []).map((t) => new Table(this, t));
      this.names = new Collection([]);
      this.charts = new Collection([]);
      this.shapes = new Collection([]);
      this.pageLayout = { getPrintAreaOrNullObject: nullObject };
    }
    load() {
      return this;
    }
    getRange(address) {
      return new Range(this, ...parse(address || "A1"));
    }
    getRangeByIndexes(row, column, rows, columns) {
      return new Range(this, row, column, row + rows - 1, column + columns - 1);
    }
    getUsedRange() {
      const used = this.getUsedRangeOrNullObject();
      return used.isNullObject ? this.getRange("A1") : used;
    }
    getUsedRangeOrNullObject() {
      const rows = this.values.length;
      const cols = Math.max(0, ...this.values.map((r) => r.length));
      return rows && cols ? new Range(this, 0, 0, rows - 1, cols - 1) : nullObject();
    }
  }

  const sheets = BOOK.sheets.map((s, i) => new Sheet(s, i));
  const worksheets = new Collection(sheets);
  worksheets.getActiveWorksheet = () => sheets[0];
  const workbook = {
    name: BOOK.name,
    worksheets,
    names: new Collection([]),
    application: { calculationMode: "Automatic", load() { return this; } },
    load() {
      return this;
    },
    getSelectedRange: () => sheets[0].getRange("A1"),
  };
  const context = { workbook, application: workbook.application, sync: async () => {} };

  globalThis.Excel = {
    run: async (...args) => {
      log.runs += 1;
      return args[args.length - 1](context);
    },
    ShapeType: { image: "Image" },
  };

  const ready = { host: "Excel", platform: "OfficeOnline" };
  globalThis.Office = {
    onReady(callback) {
      if (callback) callback(ready);
      return Promise.resolve(ready);
    },
    context: {
      platform: "OfficeOnline",
      requirements: {
        // ExcelApi 1.1 to 1.7 (so no notes, no pivot tables: less to fake); the other sets yes
        isSetSupported(name, version) {
          if (String(name).toLowerCase() === "excelapi") {
            const [major, minor] = String(version || "1.1").split(".").map(Number);
            return major === 1 && (minor || 0) <= 7;
          }
          return !String(name).startsWith("ExcelApiDesktop") && !String(name).startsWith("CustomFunctions");
        },
      },
      ui: {
        displayDialogAsync(url, _options, callback) {
          log.dialogs.push(url);
          if (callback) {
            callback({ status: "succeeded", value: { addEventHandler() {}, close() {} } });
          }
        },
      },
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    actions: {
      associate(name, fn) {
        log.associated[name] = fn;
      },
    },
  };
})();
