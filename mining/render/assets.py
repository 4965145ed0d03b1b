"""The inline stylesheet and script of the audit page, and the Content-Security-Policy that admits them.

They are constants so that their SHA-256 hashes go into the CSP: the browser runs this script and this
style and nothing else, even if some report text slipped through unescaped.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--err:#b42318;--err-bg:#fef3f2;--warn:#b54708;--warn-bg:#fffaeb;--info:#175cd3;--info-bg:#eff8ff;
--ok:#067647;--ok-bg:#ecfdf3;--mute:#667085;--line:#d0d5dd;--ink:#101828;--paper:#fff;--soft:#f9fafb}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:3.2rem}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
system-ui,sans-serif;color:var(--ink);background:var(--soft)}
main,header .wrap,nav .wrap,footer{max-width:1480px;margin:0 auto;padding:0 1.2rem}
@media screen and (min-width:1180px){
main.layout{display:grid;grid-template-columns:minmax(0,1fr) 430px;grid-template-areas:"content side";gap:0 1.1rem}
main.layout>.content{grid-area:content;min-width:0}
main.layout>.side{grid-area:side;position:sticky;top:2.8rem;align-self:start;max-height:calc(100vh - 2.8rem);
overflow-y:auto}
main.layout>.side section.panel{font-size:.93rem}
}
header{background:#0b1f3a;color:#fff;padding:1.2rem 0 1rem}
header h1{margin:.1rem 0 .6rem;font-size:1.45rem;font-weight:700;line-height:1.3}
header .kicker{font-size:.78rem;letter-spacing:.08em;text-transform:uppercase;color:#9fb3d1}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:.35rem 1.2rem;margin:0}
dl.meta div{min-width:0}
dl.meta dt{font-size:.72rem;color:#9fb3d1;text-transform:uppercase;letter-spacing:.05em}
dl.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.counts{display:flex;gap:.5rem;margin-top:.8rem;flex-wrap:wrap}
.count{border-radius:999px;padding:.15rem .75rem;font-weight:700;font-size:.85rem;background:#ffffff22;color:#fff;
text-decoration:none}
header .muted{color:#b9c7dc}
.count.zero{background:#ffffff22!important;color:#b9c7dc}
.count.error{background:var(--err)}.count.warning{background:var(--warn)}.count.info{background:var(--info)}
.status{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.82rem;font-weight:700}
.status.on_time{background:var(--ok-bg);color:var(--ok)}.status.late{background:var(--err-bg);color:var(--err)}
.status.premature{background:var(--warn-bg);color:var(--warn)}.status.unknown{background:#eaecf0;color:#344054}
nav{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line)}
nav .wrap{display:flex;gap:1.1rem;align-items:center;height:2.8rem;overflow-x:auto;white-space:nowrap}
nav a{color:#344054;text-decoration:none;font-weight:600;font-size:.9rem}
nav a:hover{color:var(--info)}
section.panel{background:var(--paper);border:1px solid var(--line);border-radius:10px;margin:1.1rem 0;
padding:.9rem 1.2rem 1.1rem}
section.panel>h2{margin:.1rem 0 .7rem;font-size:1.15rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
.muted{color:var(--mute)}
code,.key{font-family:"JetBrains Mono","DejaVu Sans Mono",ui-monospace,monospace;font-size:.82em}
.toolbar{display:flex;gap:1rem;align-items:center;font-size:.88rem;margin-bottom:.3rem;flex-wrap:wrap}
ol.findings{list-style:none;padding:0;margin:0}
li.finding{border-left:4px solid var(--line);background:var(--soft);border-radius:0 8px 8px 0;
padding:.55rem .8rem;margin:.45rem 0}
li.finding.sev-error{border-color:var(--err);background:var(--err-bg)}
li.finding.sev-warning{border-color:var(--warn);background:var(--warn-bg)}
li.finding.sev-info{border-color:var(--info);background:var(--info-bg)}
li.finding:target{outline:3px solid #f79009}
.badge{display:inline-block;font-weight:700;border-radius:4px;padding:0 .35rem;color:#fff;font-size:.8rem;
margin-right:.35rem;background:var(--mute)}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.finding .msg{font-weight:600}
.finding .why{margin:.15rem 0;color:#344054;font-size:.9rem}
.finding .arith{font-size:.88rem;margin:.15rem 0}
.finding ul.evidence{margin:.2rem 0 0;padding-left:1.1rem;font-size:.88rem}
body.hide-error li.sev-error,body.hide-warning li.sev-warning,body.hide-info li.sev-info{display:none}
.verdicts{display:flex;flex-wrap:wrap;gap:.3rem;font-size:.78rem;margin-top:.6rem}
.verdict{border:1px solid var(--line);border-radius:4px;padding:0 .35rem;background:#fff}
.verdict.fail{border-color:var(--err);color:var(--err)}.verdict.pass{color:var(--ok)}
.verdict.uncertain{color:var(--warn)}
.legend{display:flex;gap:1rem;flex-wrap:wrap;font-size:.85rem;margin-bottom:.6rem}
.narrative{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.85;font-size:15.5px}
.sec-heading{display:inline-block;font-weight:700;font-size:1.05rem;color:#0b1f3a;margin-top:.4rem}
.ev{background:#fef0c7;border-bottom:2px solid #fdb022}
.ev.ev-error{background:#fee4e2;border-bottom-color:var(--err)}
.ev.ev-info{background:#d1e9ff;border-bottom-color:var(--info)}
.ev:target,.anchor:target+.ev{outline:2px solid #f79009}
.problem-span{background:#f4ebff}.measure-span{background:#e0f2fe}
.claim{position:relative;border-radius:3px;padding:0 1px;text-decoration:none;color:inherit;cursor:pointer}
.claim.match{background:var(--ok-bg);border-bottom:2px solid var(--ok)}
.claim.mismatch{background:#fda29b;border-bottom:2px solid var(--err);font-weight:700}
.claim.unlinked{border-bottom:2px dotted #98a2b3}
.claim:target{outline:2px solid #f79009}
.claim[data-tip]:hover::after,.claim[data-tip]:focus::after{content:attr(data-tip);position:absolute;left:0;
top:1.7em;z-index:20;background:#101828;color:#fff;font-size:.78rem;font-weight:400;line-height:1.4;
padding:.3rem .5rem;border-radius:6px;white-space:pre;pointer-events:none}
details.printed-table{margin:.2rem 0;white-space:normal}
details.printed-table summary{cursor:pointer;color:var(--mute);font-size:.85rem}
details.printed-table .tabtext{white-space:pre;overflow-x:auto;font-size:.8rem;color:#475467}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.86rem;margin:.3rem 0 .5rem}
th,td{border:1px solid var(--line);padding:.22rem .45rem;vertical-align:top}
thead th{background:#f2f4f7;font-weight:600;text-align:center}
th.row{text-align:left;font-weight:500;background:#fcfcfd;min-width:14rem}
th.row .key{display:block;color:var(--mute)}
th.row.depth-1{padding-left:1.4rem}
tr.derived th.row,tr.derived td{background:#f8f9fc;font-style:italic;color:#475467}
td.cell{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.cell.na{color:var(--mute)}
td.cell.absent{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f2f4f7 4px,#f2f4f7 8px)}
td.cell.claimed{box-shadow:inset 0 -3px 0 #84caff}
td.cell.bad-info{background:var(--info-bg);outline:2px solid var(--info);outline-offset:-2px}
td.cell.bad-warning{background:var(--warn-bg);outline:2px solid var(--warn);outline-offset:-2px}
td.cell.bad-error{background:var(--err-bg);outline:2px solid var(--err);outline-offset:-2px;font-weight:700}
td.cell.operand{outline:1px dashed #f97066;outline-offset:-3px}
td.cell:target{animation:flash 1.6s ease-out 1;outline:3px solid #f79009}
@keyframes flash{from{background:#fedf89}to{background:inherit}}
td.cell .codes{display:block;font-size:.7rem;font-weight:700;font-style:normal}
td.cell .codes a{color:var(--err);text-decoration:none;margin-left:.2rem}
td.cell .exp{display:block;font-size:.7rem;color:var(--err);font-weight:400}
td.none{background:#fcfcfd}
ul.arith{font-size:.86rem;margin:.2rem 0 .6rem;padding-left:1.1rem}
ul.arith .eq{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:.8rem}
.problems{display:grid;gap:.6rem}
.problem{border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;background:var(--soft)}
.problem:target,.measure:target{outline:3px solid #f79009}
.chip{display:inline-block;border-radius:999px;background:#f4ebff;color:#6941c6;font-size:.78rem;
padding:0 .5rem;margin:.1rem .2rem .1rem 0;font-weight:600}
.scores{display:flex;flex-wrap:wrap;gap:.2rem .8rem;font-size:.78rem;color:#475467}
.bar{display:inline-block;height:.45rem;background:#9e77ed;border-radius:2px;vertical-align:middle}
.w0{width:0}.w1{width:.3rem}.w2{width:.6rem}.w3{width:.9rem}.w4{width:1.2rem}.w5{width:1.5rem}
.w6{width:1.8rem}.w7{width:2.1rem}.w8{width:2.4rem}.w9{width:2.7rem}.w10{width:3rem}
.measure{border-left:3px solid #0ba5ec;padding:.2rem .6rem;margin:.3rem 0;background:#f0f9ff}
.flag{display:inline-block;background:var(--warn-bg);color:var(--warn);border-radius:4px;padding:0 .4rem;
font-size:.8rem;font-weight:700;margin-right:.3rem}
table.claims td{font-size:.82rem}
table.claims td.num{text-align:right;white-space:nowrap}
tr.st-mismatch td{background:var(--err-bg)}
aside.claim-detail{position:fixed;right:1rem;bottom:1rem;z-index:30;width:min(360px,90vw);background:#fff;
border:1px solid var(--line);border-radius:10px;box-shadow:0 10px 30px #10182833;padding:.7rem .9rem;
font-size:.88rem}
aside.claim-detail[hidden]{display:none}
aside.claim-detail.mismatch{border-top:4px solid var(--err)}
aside.claim-detail.match{border-top:4px solid var(--ok)}
aside.claim-detail dl{display:grid;grid-template-columns:6.5rem 1fr;gap:.1rem .5rem;margin:.3rem 0}
aside.claim-detail dt{color:var(--mute)}aside.claim-detail dd{margin:0;overflow-wrap:anywhere}
aside.claim-detail button{float:right;border:0;background:none;font-size:1.1rem;cursor:pointer}
footer{color:var(--mute);font-size:.8rem;padding:1rem 1.2rem 2rem}
table.index td,table.index th{font-size:.9rem}
table.index td.n{text-align:right;font-weight:700}
table.index td.n.error{color:var(--err)}table.index td.n.warning{color:var(--warn)}
@media print{
body{background:#fff;font-size:11pt}
nav,.toolbar,aside.claim-detail,.noprint{display:none!important}
header{background:#fff;color:#000;border-bottom:2px solid #000}
header .kicker,dl.meta dt{color:#444}
.count{border:1px solid #000;color:#000;background:#fff!important}
section.panel{border:0;padding:0;margin:0 0 1rem;break-inside:auto}
li.finding,.problem,tr{break-inside:avoid}
.claim[data-tip]:hover::after{content:none}
.claim.mismatch::after{content:" [表 " attr(data-table) "｜差 " attr(data-diff) "]";font-size:.75em;
font-weight:400;color:var(--err)}
details.printed-table .tabtext{white-space:pre-wrap}
a{color:inherit}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

JS = """
(function(){
"use strict";
var panel=document.getElementById("claim-detail");
function show(el){
if(!panel){return;}
var fields=panel.querySelectorAll("[data-field]");
for(var i=0;i<fields.length;i++){
var name=fields[i].getAttribute("data-field");
fields[i].textContent=el.getAttribute("data-"+name)||"\\u2014";
}
panel.className="claim-detail "+(el.getAttribute("data-status")||"");
var go=panel.querySelector("a.go");
var href=el.getAttribute("href");
if(go){if(href){go.setAttribute("href",href);go.hidden=false;}else{go.hidden=true;}}
panel.hidden=false;
}
document.addEventListener("click",function(ev){
var t=ev.target;
if(!t||!t.closest){return;}
if(t.closest("button.close")){panel.hidden=true;return;}
var el=t.closest(".claim");
if(el){show(el);}
});
var boxes=document.querySelectorAll("input[data-sev-filter]");
for(var j=0;j<boxes.length;j++){
boxes[j].addEventListener("change",function(e){
var b=e.target;
document.body.classList.toggle("hide-"+b.getAttribute("data-sev-filter"),!b.checked);
});
}
window.addEventListener("beforeprint",function(){
var ds=document.querySelectorAll("details");
for(var k=0;k<ds.length;k++){ds[k].open=true;}
});
})();
"""


def _sha256_source(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(*, script: bool = True) -> str:
    """Return the CSP of a page: nothing may load; only this page's style (and script) may run."""
    parts = [
        "default-src 'none'",
        f"style-src {_sha256_source(CSS)}",
        f"script-src {_sha256_source(JS)}" if script else "script-src 'none'",
        "img-src 'none'",
        "font-src 'none'",
        "connect-src 'none'",
        "media-src 'none'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(parts)
