// The markdown table of a macro run: each variant at each connection count, with ratios against the
// async/await baseline measured in the same run, and the DESIGN §7 targets at 64 connections.
const BASELINE = 'async/await';

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** `row`'s figure over the baseline's at the same connection count. */
export function ratio(rows, row, key) {
  const base = rows.find((other) => other.variant === BASELINE && other.connections === row.connections);
  return base && base[key] > 0 ? row[key] / base[key] : NaN;
}

/** The two demo-endpoint targets at 64 connections (or the nearest level run), with pass/miss. */
export function targets(rows) {
  const level = [...new Set(rows.map((row) => row.connections))].sort((a, b) => Math.abs(a - 64) - Math.abs(b - 64))[0];
  const at = (variant) => rows.find((row) => row.variant === variant && row.connections === level);
  const sync = at('greenhack sync-style');
  const base = at(BASELINE);
  const bridge = at('worker bridge');
  if (!sync || !base || !bridge) return [];
  const vsAsync = sync.requestsPerSecond / base.requestsPerSecond;
  const vsBridge = sync.requestsPerSecond / bridge.requestsPerSecond;
  const cpu = sync.cpuMsPerRequest / base.cpuMsPerRequest;
  return [
    { what: `sync-style req/s vs async/await, ${level} connections`, target: '≥ 0.95×', value: vsAsync, met: vsAsync >= 0.95 },
    { what: `sync-style req/s vs worker bridge, ${level} connections`, target: '≥ 10×', value: vsBridge, met: vsBridge >= 10 },
    { what: `sync-style CPU per request vs async/await, ${level} connections`, target: '≤ 1.0×', value: cpu, met: cpu <= 1.0 },
  ];
}

export function renderMarkdown(report) {
  const { rows, machine } = report;
  const lines = [
    `### ${report.database === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}: POST /orders, kitchen delay ${report.kitchenDelayMs} ms, ${report.seconds} s per run`,
    '',
    `${report.date}, commit ${report.commit ?? '?'}, Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; load average at start ${machine.loadAverageAtStart.join(' / ')} (other work on the machine).`,
    '',
    '| variant | conn | req/s | × async | p50 ms | p99 ms | CPU ms/req | × async | peak RSS MiB | errors | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const order = ['async/await', 'greenhack sync-style', 'worker bridge'];
  const sorted = [...rows].sort((a, b) => a.connections - b.connections || order.indexOf(a.variant) - order.indexOf(b.variant));
  for (const row of sorted) {
    lines.push(`| ${row.variant} | ${row.connections} | ${fixed(row.requestsPerSecond, 0)} | ${fixed(ratio(rows, row, 'requestsPerSecond'), 2)} | ${row.p50Ms} | ${row.p99Ms} | ${fixed(row.cpuMsPerRequest, 3)} | ${fixed(ratio(rows, row, 'cpuMsPerRequest'), 2)} | ${fixed(row.peakRssMiB, 0)} | ${row.errors + row.timeouts} | ${row.non2xx} |`);
  }
  const checks = targets(rows);
  if (checks.length > 0) {
    lines.push('', '| DESIGN §7 target | target | measured | |', '| --- | --- | ---: | --- |');
    for (const check of checks) lines.push(`| ${check.what} | ${check.target} | ${fixed(check.value, 2)}× | ${check.met ? 'met' : 'missed'} |`);
  }
  return lines.join('\n');
}
