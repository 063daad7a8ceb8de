extension ReportPage {
    /// The page's style sheet.
    static let style = ##"""
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
#report { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h2.seqname { font-size: 19px; border: none; margin-top: 40px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.note { color: #666; margin: 4px 0 10px; }
table { border-collapse: collapse; }
th, td { padding: 3px 8px; text-align: left; vertical-align: middle; }
table.facts th { color: #555; font-weight: normal; white-space: nowrap; }
table.facts td { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
table.main-metrics, table.compare { background: #fff; border: 1px solid #ddd; }
table.main-metrics th, table.compare thead th { background: #f0f0f0; }
table.main-metrics td, table.compare td { text-align: right; font-variant-numeric: tabular-nums; }
table.compare td.best { font-weight: bold; }
table.timeline { width: 100%; background: #fff; border: 1px solid #ddd; font-size: 12px; }
table.timeline thead th { background: #f0f0f0; cursor: pointer; user-select: none; white-space: nowrap; }
table.timeline th.sorted.up::after { content: " \25B2"; }
table.timeline th.sorted.down::after { content: " \25BC"; }
table.timeline td { padding: 1px 6px; border-top: 1px solid #f2f2f2; font-variant-numeric: tabular-nums; }
.barcell { width: 55%; }
.bar { position: relative; height: 12px; }
.bar .span { position: absolute; top: 5px; height: 2px; background: #ccc; }
.bar .seg { position: absolute; top: 1px; height: 10px; background: #888; border-radius: 2px; min-width: 1px; }
.bar .seg.missed { background: #d8d8d8; }
.bar .mark { position: absolute; top: -2px; width: 3px; height: 16px; margin-left: -1px; }
.bar .mark.sw { background: #ff00ff; }
.bar .mark.fr { background: #ff8c00; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
figure { margin: 0; }
figure.plot { background: #fff; border: 1px solid #ddd; padding: 6px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; fill: #555; }
svg.chart .grid { stroke: #eee; }
svg.chart .series { fill: none; }
.legend { font-size: 12px; color: #444; margin: 4px 0; }
.legend span { margin-right: 14px; white-space: nowrap; }
.legend i { display: inline-block; width: 12px; height: 3px; margin-right: 4px; vertical-align: middle; }
.split { display: flex; height: 14px; background: #eee; border-radius: 3px; overflow: hidden; max-width: 900px; }
.pair { display: flex; flex-wrap: wrap; gap: 16px; }
.pair figure { flex: 1 1 400px; }
canvas.picture { width: 100%; height: auto; display: block; border-radius: 3px; }
figcaption { font-size: 12px; color: #444; margin: 4px 0; }
.moments { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
details.run { margin-top: 24px; border-top: 2px solid #ccc; }
details.run > summary { font-size: 18px; font-weight: bold; padding: 8px 0; cursor: pointer; }
details > summary { cursor: pointer; color: #333; margin: 6px 0; }
"""##
}
