// A grouped bar chart as a plain SVG string: throughput of every contender, as a multiple of
// the floor in the same run (the dashed line at 1×), absolute cycles/s over each bar.

const COLORS = ['#888888', '#d9534f', '#f0ad4e', '#5bc0de', '#2b7bba', '#1a4f7a', '#5cb85c'];
const W = 960;
const H = 440;
const PAD = { top: 40, right: 20, bottom: 90, left: 56 };

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const kilo = (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));

export function chart(results) {
  const groups = ['A', 'B', 'C'].flatMap((id) =>
    results.scenarios[id]
      ? Object.entries(results.scenarios[id].byN).map(([n, rows]) => ({
          label: `${id} N=${n}`,
          rows,
        }))
      : [],
  );
  const ids = results.contenders.map((c) => c.id);
  const color = (id) => COLORS[ids.indexOf(id) % COLORS.length];
  const ratios = groups.flatMap((g) => Object.values(g.rows).map((r) => r.vsFloor ?? 0));
  const top = Math.max(1.2, ...ratios.filter(Number.isFinite)) * 1.1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (ratio) => PAD.top + plotH - (ratio / top) * plotH;
  const groupW = plotW / Math.max(1, groups.length);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(
      `Acquire+release throughput, × the floor (${results.mode} run, ${results.date.slice(0, 10)})`,
    )}</text>`,
  ];
  for (let t = 0; t <= top; t += top > 4 ? 1 : 0.5) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`,
      `<text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(1)}×</text>`,
    );
  }
  groups.forEach((group, g) => {
    const present = ids.filter((id) => group.rows[id]);
    const barW = (groupW * 0.8) / Math.max(1, present.length);
    const x0 = PAD.left + g * groupW + groupW * 0.1;
    present.forEach((id, i) => {
      const row = group.rows[id];
      const ratio = Number.isFinite(row.vsFloor) ? row.vsFloor : 0;
      const x = x0 + i * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(ratio).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y(0) - y(ratio)).toFixed(1)}" fill="${color(id)}"><title>${esc(`${id}: ${kilo(row.value)}/s, ${ratio.toFixed(2)}× floor`)}</title></rect>`,
        `<text x="${(x + barW / 2).toFixed(1)}" y="${(y(ratio) - 3).toFixed(1)}" text-anchor="middle" font-size="9">${kilo(row.value)}</text>`,
      );
    });
    parts.push(
      `<text x="${(x0 + groupW * 0.4).toFixed(1)}" y="${y(0) + 16}" text-anchor="middle" font-size="12">${esc(group.label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(1)}" y2="${y(1)}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`,
  );
  const shown = results.contenders.filter((c) => groups.some((g) => g.rows[c.id]));
  shown.forEach((c, i) => {
    const x = PAD.left + (i % 4) * 220;
    const ly = H - PAD.bottom + 40 + Math.floor(i / 4) * 18;
    parts.push(
      `<rect x="${x}" y="${ly - 9}" width="12" height="12" fill="${color(c.id)}"/>`,
      `<text x="${x + 18}" y="${ly + 1}">${esc(c.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
