#!/usr/bin/env python3
"""Checks that no table of an HTML report is wider than an A4 page's printable width.

The report's print stylesheet is applied on screen (`@media print` becomes `@media all`),
the page is laid out by headless Chromium at the printable width of A4 with the report's
margins (210 mm - 2 x 16 mm = 178 mm = 673 CSS px), and a script measures every table
against the body. Usage: check-print-width.py REPORT.html [CHROMIUM]
"""
import os
import re
import subprocess
import sys
import tempfile

report, chromium = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "chromium")
html = open(report, encoding="utf-8").read()
html = html.replace("@media print", "@media all")
probe = """<script>
addEventListener('load', () => {
  const limit = document.body.clientWidth + 1;
  const wide = [...document.querySelectorAll('table')].filter(t => t.scrollWidth > limit || t.getBoundingClientRect().right > limit + 1)
    .map(t => (t.closest('section') || {}).id + ':' + Math.round(t.scrollWidth) + 'px');
  const out = document.createElement('pre');
  out.id = 'width-probe';
  out.textContent = 'tables=' + document.querySelectorAll('table').length + ' limit=' + limit + ' wide=' + JSON.stringify(wide);
  document.body.appendChild(out);
});
</script>"""
html = html.replace("</body>", probe + "</body>")
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "probe.html")
    open(path, "w", encoding="utf-8").write(html)
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=673,1000", "--hide-scrollbars",
                          "--virtual-time-budget=2000", "--dump-dom", "file://" + path],
                         capture_output=True, text=True, timeout=120).stdout
match = re.search(r'<pre id="width-probe">(.*?)</pre>', dom)
if not match:
    sys.exit("the width probe did not run")
result = match.group(1).replace("&quot;", '"')
print(os.path.basename(report) + ": " + result)
tables = int(re.search(r"tables=(\d+)", result).group(1))
if tables == 0:
    sys.exit("no tables measured")
if 'wide=[]' not in result:
    sys.exit("tables wider than an A4 page: " + result)
