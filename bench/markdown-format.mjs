// Number formats and the table of the markdown report.

/** Values between 0 and 0.1 (commands per acquisition, say) keep two significant digits. */
const tiny = (v) => v > 0 && v < 0.1;

/** 1234 → "1.23k", 12 → "12.0", 0.0021 → "0.0021". */
export const human = (v) =>
  !Number.isFinite(v)
    ? '–'
    : v >= 1000
      ? `${(v / 1000).toFixed(2)}k`
      : tiny(v)
        ? v.toPrecision(2)
        : v.toFixed(v < 10 ? 2 : 1);

/** A ratio or an index: two decimals, or two significant digits below 0.1. */
export const fx = (v) => (!Number.isFinite(v) ? '–' : tiny(v) ? v.toPrecision(2) : v.toFixed(2));

/** A markdown table (Prettier aligns it afterwards). */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
