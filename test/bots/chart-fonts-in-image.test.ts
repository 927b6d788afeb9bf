import fs from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { barChartSvg } from '../../bots/telegram/chart.ts'
import { appPath } from '../../core/infra/app-root.ts'

/**
 * The /earnings and /stats charts carry words and numbers partners read: the title («ჩეთაფი: შემოსავალი, GEL»,
 * «Chetup: доход, GEL»), the amounts on the axis and the weeks or months under the bars. renderPng draws them with
 * the system's fonts only (`loadSystemFonts: true`, "DejaVu covers Latin, Cyrillic, Georgian"), and Debian's slim
 * image the service ships in has no /usr/share/fonts: resvg leaves out text it has no font for, so without a font
 * installed every chart would be bars without a title, amounts or dates. The runtime stage installs DejaVu.
 */
describe('the charts partners read have a font in the image the service runs in', () => {
  const svg = barChartSvg(
    'ჩეთაფი: შემოსავალი, GEL',
    [
      { label: 'იან.', minor: 123_455n },
      { label: 'თებ.', minor: 20_000n },
      { label: 'მარ.', minor: 99_999n },
    ],
    (m) => `${m / 100n} GEL`,
  )

  it("without a font installed, resvg draws none of the chart's words (what the slim image gets)", () => {
    const noFonts = (s: string) =>
      new Resvg(s, { font: { loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng()
    const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '')
    // the same pixels as the chart with every <text> removed: title, axis and labels are gone
    expect(Buffer.compare(noFonts(svg), noFonts(withoutText))).toBe(0)
  })

  it('the runtime stage of the Dockerfile installs a font covering Latin, Cyrillic and Georgian (or the app ships one)', () => {
    const dockerfile = fs.readFileSync(appPath('Dockerfile'), 'utf8')
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
    const chart = fs.readFileSync(appPath('bots/telegram/chart.ts'), 'utf8')
    const installsFont = /fonts-dejavu|fonts-noto|\.ttf|\.otf|fonts?\//i.test(runtime)
    const shipsFont = /fontFiles|fontBuffers|fontDirs/.test(chart)
    expect({ installsFont, shipsFont }).not.toEqual({ installsFont: false, shipsFont: false })
  })
})
