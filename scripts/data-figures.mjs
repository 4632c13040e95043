// Figures about what the catalogue's real data supports, read from a running
// server's pages (so they are what users see): for every technology,
//  - the 5-year cost total for a fixed set of assumptions, complete or not;
//  - the share of readiness lines that are not "Unknown" for a context that
//    answers every question of the organisation form;
//  - the shares of its claims resting on independent, secondary and supplier
//    sources;
// and the documented NHS deployments and ICBs with at least one adopter.
// Prints figures; asserts nothing. Usage: node scripts/data-figures.mjs [BASE_URL]
const base = process.argv[2] ?? 'http://127.0.0.1:3000';
// Every one of the form's questions answered (the URL form of the context).
const CTX = 'v1.epr-epic.gp-emis+tpp.pacs-sectra.ris-none.cloud-uk.id-cis2+nhslogin.dspt-met.int-dicom+fhir.cso-y.team-5.space-n.power-y.works-6.train-8';
const COSTS = 'units=1000&sites=1&years=5&rate=30&staff=10';

async function text(path) {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.text();
}

const listed = JSON.parse(await text('/technologies/export.json'));
const slugs = (Array.isArray(listed) ? listed : listed.technologies ?? listed.items ?? []).map((t) => t.slug);
if (slugs.length === 0) throw new Error('no technologies in /technologies/export.json');

let complete = 0, incomplete = 0, noTotal = 0;
let lines = 0, known = 0;
const shares = { independent: 0, secondary: 0, supplier: 0, total: 0 };
let deployments = 0;
for (const slug of slugs) {
  const page = await text(`/technologies/${slug}?${COSTS}&ctx=${CTX}`);
  const total = page.match(/Total over 5 years: £([\d,.]+)(?: to £[\d,.]+)?\./);
  const amount = total ? Number(total[1].replace(/,/g, '')) : 0;
  if (amount === 0) noTotal += 1;
  else if (page.includes('Complete: every category is documented')) complete += 1;
  else incomplete += 1;
  for (const m of page.matchAll(/<tr[^>]*\sdata-status="([^"]+)"/g)) {
    lines += 1;
    if (m[1] !== 'Unknown') known += 1;
  }
  for (const key of Object.keys(shares)) {
    const m = page.match(new RegExp(`data-${key}="(\\d+)"`));
    if (m) shares[key] += Number(m[1]);
  }
  const d = page.match(/data-testid="deployment-count">(\d+) documented NHS deployment/);
  if (d) deployments += Number(d[1]);
}
const icbs = await text('/icbs');
const adopting = [...icbs.matchAll(/<tr[^>]*\sdata-icb="[A-Z0-9]+"[^>]*>(.*?)<\/tr>/gs)]
  .filter((m) => { const n = m[1].match(/numeric">(\d+)</); return n && Number(n[1]) > 0; }).length;

const pct = (n, d) => (d === 0 ? '0.0' : ((100 * n) / d).toFixed(1));
console.log(`technologies: ${slugs.length}`);
console.log(`5-year total (${COSTS}): ${complete + incomplete} with a total (${complete} complete, ${incomplete} incomplete), ${noTotal} with none`);
console.log(`readiness lines not "Unknown" for a context answering every question: ${known} of ${lines} (${pct(known, lines)}%)`);
console.log(`claims: ${shares.total}; independent ${pct(shares.independent, shares.total)}%, secondary ${pct(shares.secondary, shares.total)}%, supplier alone ${pct(shares.supplier, shares.total)}%`);
console.log(`documented NHS deployments (adopters): ${deployments}; ICBs with at least one adopter: ${adopting} of 42`);
