/**
 * A small CSV writer (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma,
 * a double quote or a line break, quotes doubled inside), with spreadsheet formula neutralisation:
 * a cell that begins with =, +, -, @, tab or carriage return gets a leading apostrophe, so Excel,
 * LibreOffice and Google Sheets show it as text instead of running it (OWASP "CSV Injection").
 */

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark; other readers skip it. */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet must show it: text that would start a formula is prefixed with `'`. */
function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Text is neutralised; numbers the export computed itself (a negative points entry) are written as numbers. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : neutraliseCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(field).join(",")}\r\n`;
}
