import { Resvg } from '@resvg/resvg-js'

/** One period's bar: its label and what was earned in it, in minor units (negative: a loss). */
export interface Bar {
  label: string
  minor: bigint
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/**
 * A bar chart of earnings per period as SVG: negative bars (melbet's losing weeks) hang below the zero line.
 * Dependency-free; rendered to PNG by resvg with the system's fonts (DejaVu covers Latin, Cyrillic, Georgian).
 */
export function barChartSvg(
  title: string,
  bars: Bar[],
  /** A value on the axis as the reader reads it (an amount in the bars' currency). */
  tick: (minor: bigint) => string,
  opts: { width?: number; height?: number } = {},
) {
  const W = opts.width ?? 800
  const H = opts.height ?? 420
  const pad = { l: 90, r: 20, t: 60, b: 60 }
  const high = bars.reduce((m, b) => (b.minor > m ? b.minor : m), 0n)
  const low = bars.reduce((m, b) => (b.minor < m ? b.minor : m), 0n)
  // the axis runs between round amounts (10.00, 20.00... not 9.78, 19.55...), a whole step apart
  const unit = roundStep((high - low + 3n) / 4n)
  const bottom = -ceilTo(-low, unit)
  // nothing earned and nothing lost: one step above the zero line
  const top = ceilTo(high, unit) || (bottom < 0n ? 0n : unit)
  const span = top - bottom
  const ih = H - pad.t - pad.b
  // pixels only: the values are placed by their share of the span
  const y = (v: bigint) => pad.t + (Number(top - v) / Number(span)) * ih
  const step = (W - pad.l - pad.r) / Math.max(bars.length, 1)
  const bw = step * 0.6
  const ticks = Array.from({ length: Number(span / unit) + 1 }, (_, i) => top - BigInt(i) * unit)
    .map((v) => {
      const ty = y(v)
      return `<line x1="${pad.l}" x2="${W - pad.r}" y1="${ty}" y2="${ty}" stroke="#e3e3e3"/><text x="${pad.l - 8}" y="${ty + 4}" text-anchor="end" font-size="12" fill="#555">${esc(tick(v))}</text>`
    })
    .join('')
  const rects = bars
    .map((b, i) => {
      const x = pad.l + i * step + (step - bw) / 2
      const barTop = y(b.minor > 0n ? b.minor : 0n)
      const h = Math.abs(y(b.minor) - y(0n))
      const fill = b.minor < 0n ? '#d9534f' : '#3b82c4'
      return (
        `<rect x="${x}" y="${barTop}" width="${bw}" height="${Math.max(h, 0.5)}" fill="${fill}"/>` +
        `<text x="${x + bw / 2}" y="${H - pad.b + 20}" text-anchor="middle" font-size="12" fill="#333">${esc(b.label)}</text>`
      )
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="${W / 2}" y="34" text-anchor="middle" font-size="20" font-weight="bold" fill="#222">${esc(title)}</text>` +
    `${ticks}<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(0n)}" y2="${y(0n)}" stroke="#888"/>${rects}</svg>`
  )
}

/** The least of 1, 2 or 5 times a power of ten that is at least `raw` (minor units). */
export function roundStep(raw: bigint): bigint {
  if (raw <= 1n) return 1n
  let p = 1n
  while (p * 10n < raw) p *= 10n
  for (const m of [1n, 2n, 5n, 10n]) if (m * p >= raw) return m * p
  return 10n * p
}

/** `v` (not negative) rounded up to a whole number of `unit`s. */
const ceilTo = (v: bigint, unit: bigint) => ((v + unit - 1n) / unit) * unit

export function renderPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng()
}

/** One series of a grouped chart: its name in the legend, its colour, and a count per period. */
export interface Series {
  name: string
  color: string
  values: number[]
}

/**
 * Counts per period (a partner's clicks, sign-ups and first payments per day) as grouped bars, one colour per series
 * with a legend. Labels in `labels` may be empty to leave a period unlabelled (30 days do not fit 30 labels).
 */
export function groupedBarChartSvg(
  title: string,
  labels: string[],
  series: Series[],
  /** A count on the axis as the reader writes it. */
  tick: (n: number) => string,
  opts: { width?: number; height?: number } = {},
) {
  const W = opts.width ?? 900
  const H = opts.height ?? 440
  const pad = { l: 60, r: 20, t: 80, b: 50 }
  const max = Math.max(0, ...series.flatMap((s) => s.values))
  // whole counts on every grid line: the top rounded up to a multiple of 4
  const top = Math.max(4, Math.ceil(max / 4) * 4)
  const ih = H - pad.t - pad.b
  const y = (v: number) => pad.t + ((top - v) / top) * ih
  const step = (W - pad.l - pad.r) / Math.max(labels.length, 1)
  const bw = (step * 0.8) / Math.max(series.length, 1)
  const ticks = [0, 1, 2, 3, 4]
    .map((quarter) => {
      const v = top - (top * quarter) / 4
      const ty = y(v)
      return `<line x1="${pad.l}" x2="${W - pad.r}" y1="${ty}" y2="${ty}" stroke="#e3e3e3"/><text x="${pad.l - 8}" y="${ty + 4}" text-anchor="end" font-size="12" fill="#555">${esc(tick(v))}</text>`
    })
    .join('')
  const bars = labels
    .map((label, i) => {
      const x0 = pad.l + i * step + step * 0.1
      const rects = series
        .map((s, j) => {
          const v = s.values[i] ?? 0
          if (!v) return ''
          return `<rect x="${x0 + j * bw}" y="${y(v)}" width="${bw}" height="${y(0) - y(v)}" fill="${s.color}"/>`
        })
        .join('')
      const text = label
        ? `<text x="${pad.l + i * step + step / 2}" y="${H - pad.b + 20}" text-anchor="middle" font-size="12" fill="#333">${esc(label)}</text>`
        : ''
      return rects + text
    })
    .join('')
  const legend = series
    .map((s, j) => {
      const x = pad.l + j * 220
      return `<rect x="${x}" y="50" width="14" height="14" fill="${s.color}"/><text x="${x + 20}" y="62" font-size="14" fill="#333">${esc(s.name)}</text>`
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="${W / 2}" y="30" text-anchor="middle" font-size="20" font-weight="bold" fill="#222">${esc(title)}</text>` +
    `${legend}${ticks}<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(0)}" y2="${y(0)}" stroke="#888"/>${bars}</svg>`
  )
}
