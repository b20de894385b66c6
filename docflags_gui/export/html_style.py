"""The HTML report's style sheet (inline in the file; allowed by hash in its CSP)."""

from __future__ import annotations

BASE_CSS = """
:root{color-scheme:light;--ink:#1d2330;--muted:#5b6475;--line:#d7dce4;--paper:#fff;--soft:#f4f6f9}
*{box-sizing:border-box}
body{margin:0 auto;max-width:960px;padding:24px 28px 48px;font:15px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","Noto Sans Arabic",sans-serif;color:var(--ink);
background:var(--paper)}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.3em;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line);
overflow-wrap:anywhere}
h3{font-size:1.05em;margin:24px 0 8px}
h4.page{font-size:.95em;margin:20px 0 8px;color:var(--muted);text-transform:uppercase;
letter-spacing:.04em}
.meta,.note,.empty{color:var(--muted)}
.note{background:var(--soft);border-radius:6px;padding:8px 12px}
a{color:#1f5fbf}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;font-weight:600}
ul.colors{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 16px}
ul.colors .count{color:var(--muted)}
.swatch{display:inline-block;width:.95em;height:.95em;border-radius:3px;vertical-align:-.12em;
margin-right:4px;border:1px solid rgba(0,0,0,.25)}
.swatch.none{background:repeating-linear-gradient(45deg,#fff 0 3px,#ccd 3px 6px)}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:start;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:end;white-space:nowrap}
.warnings ul{margin:4px 0;padding-inline-start:20px;color:#8a4b00}
ol.flags{list-style:none;padding:0;margin:0}
li.flag{border:1px solid var(--line);border-left:6px solid #9aa3b2;border-radius:6px;
padding:10px 14px;margin:0 0 12px;break-inside:avoid;page-break-inside:avoid}
.flag-meta{font-size:.85em;color:var(--muted);margin-bottom:6px}
.flag-meta .kind{font-weight:600;color:var(--ink)}
.flag-meta .ocr{border:1px solid var(--muted);border-radius:3px;padding:0 4px;font-size:.85em}
img.passage{display:block;max-width:100%;height:auto;border:1px solid var(--line);
border-radius:4px;margin:4px 0 8px}
blockquote.text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext}
.comment{margin-top:8px;padding:6px 10px;background:#fff8e1;border-radius:4px}
.comment .label{font-size:.8em;font-weight:600;color:#8a6d00;display:block}
.comment p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext}
@media print{body{max-width:none;padding:0}a{color:inherit}}
""".strip()
