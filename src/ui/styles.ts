/**
 * All page styles, inlined so the pages work offline. Fonts are the system's CJK fonts (Noto CJK on the
 * office machines); no web fonts are fetched.
 */
export const STYLES = `
:root{--fg:#1d2430;--muted:#5b6472;--line:#d5dae1;--bg:#f6f7f9;--card:#fff;--accent:#1f5fbf;
--red:#b3261e;--red-bg:#fde8e6;--yellow:#8a5a00;--yellow-bg:#fff4d6;--green:#1b6e3a;--green-bg:#e3f4e8;--focus:#ffbf47}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
color:var(--fg);background:var(--bg);line-height:1.6;font-size:16px}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em 1em;z-index:10}
.skip:focus{left:8px;top:8px}
header.top{display:flex;gap:2em;align-items:center;background:#12305e;color:#fff;padding:.4em 1.5em}
.brand{font-weight:700;font-size:1.1em}
header nav ul{display:flex;gap:.25em;list-style:none;margin:0;padding:0}
header nav a{color:#fff;text-decoration:none;padding:.4em .9em;border-radius:4px;display:inline-block}
header nav a:hover{background:#1f4a8a}
header nav a[aria-current=page]{background:#fff;color:#12305e;font-weight:700}
.who{margin-left:auto;display:flex;gap:.6em;align-items:center;font-size:.9em}
.who form{margin:0}
button.link{background:none;color:#fff;text-decoration:underline;padding:.2em .4em}
main{max-width:1200px;margin:0 auto;padding:1em 1.5em 3em}
h1{font-size:1.5em;margin:.5em 0}
h2{font-size:1.2em;margin:0 0 .5em}
h3{font-size:1.05em;margin:.8em 0 .3em}
section.card,.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:1em 1.2em;margin:0 0 1em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1em}
.grid.charts{grid-template-columns:repeat(auto-fit,minmax(460px,1fr))}
figure{margin:0 0 1em}
figcaption{font-weight:600}
.muted{color:var(--muted)}
.unavailable{color:var(--muted);background:#eef0f3;border:1px dashed var(--line);padding:.5em .8em;border-radius:4px}
form .field{margin:0 0 .8em;display:flex;flex-direction:column}
form .row{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:0 1em}
label{font-weight:600}
input,select,textarea{font:inherit;padding:.4em .5em;border:1px solid #8a94a3;border-radius:4px;background:#fff}
textarea{min-height:10em;resize:vertical}
fieldset{border:1px solid var(--line);border-radius:4px;margin:0 0 1em}
legend{font-weight:700;padding:0 .3em}
button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.5em 1.2em;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#4a5568}
button:hover{filter:brightness(1.1)}
.hint{font-weight:400;color:var(--muted);font-size:.9em}
.errors{border:2px solid var(--red);background:var(--red-bg);padding:.6em 1em;border-radius:4px}
.field-error{color:var(--red);font-size:.9em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.4em .5em;text-align:left;vertical-align:top}
th{background:#eef1f5}
.badge{display:inline-block;padding:0 .6em;border-radius:999px;font-size:.9em;font-weight:700;border:1px solid}
.badge-red{color:var(--red);background:var(--red-bg)}
.badge-yellow{color:var(--yellow);background:var(--yellow-bg)}
.badge-green{color:var(--green);background:var(--green-bg)}
.badge-none{color:var(--muted);background:#eef0f3}
.bar{display:grid;grid-template-columns:6em 1fr 3.5em;gap:.5em;align-items:center;margin:.15em 0}
.bar .track{background:#e6e9ee;height:.9em;border-radius:3px;overflow:hidden}
.bar .fill{background:var(--accent);height:100%}
.bar.top .fill{background:#c2410c}
.petition-text{white-space:pre-wrap;background:#fbfbfc;border:1px solid var(--line);padding:.8em;border-radius:4px}
mark.evidence{background:#ffd7d2;color:inherit;border-bottom:2px solid var(--red);padding:0 1px}
mark.evidence sup{color:var(--red);font-size:.7em;margin-left:1px}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
ol.timeline li{margin:0 0 .8em;padding-left:1em;position:relative}
ol.timeline li::before{content:"";position:absolute;left:-8px;top:.5em;width:12px;height:12px;border-radius:50%;background:var(--accent)}
.verify-ok{color:var(--green);font-weight:700}
.verify-bad{color:var(--red);font-weight:700}
.alert{border:2px solid var(--red);background:var(--red-bg);border-radius:6px;padding:.8em 1em;margin:0 0 1em}
.alert.new{animation:flash 1s ease-in-out 3}
.alert.acked{border-color:var(--line);background:#fff;opacity:.85}
.alert.escalated{box-shadow:0 0 0 4px #7f1d1d}
@keyframes flash{50%{background:#ffb4ab}}
@media (prefers-reduced-motion:reduce){.alert.new{animation:none;outline:4px solid var(--red)}}
.countdown{font-variant-numeric:tabular-nums;font-weight:700;font-size:1.2em}
.countdown.late{color:var(--red)}
.stat{font-size:2em;font-weight:700}
.target{font-size:.9em;color:var(--muted)}
svg text{font-family:inherit}
.clause-text{white-space:pre-wrap;margin:.2em 0 .8em}
.diff{white-space:pre-wrap;background:#fbfbfc;border:1px solid var(--line);padding:.6em;border-radius:4px}
td.wrap,th.wrap{overflow-wrap:anywhere;word-break:break-all;white-space:normal}
.table-wrap{overflow-x:auto}
.pager{margin-top:.8em;display:flex;gap:1em;align-items:center}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;
