// Score one filled form with fetch (Node 18+ or a browser): node score.mjs http://127.0.0.1:8000 form.json
// Numbers arrive as decimal text: keep them as text, or use a decimal library, never parseFloat for sums.
import { readFile } from "node:fs/promises";

const [url, formFile] = process.argv.slice(2);
const form = JSON.parse(await readFile(formFile, "utf8"));
const response = await fetch(`${url}/v1/regimes/binhthuan-2019/score?lang=en`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(form),
});
const data = await response.json();
if (!response.ok) {
  for (const problem of data.error.problems) {
    console.error(`${problem.criterion ?? "-"} ${problem.field ?? "-"}: ${problem.message}`);
  }
  process.exit(1);
}
const { scorecard, contract } = data;
console.log(`${scorecard.unit.id}: ${scorecard.total} / ${scorecard.max_total} (${scorecard.band?.title ?? "-"})`);
console.log(`scored by ${contract.regime.plugin} ${contract.regime.plugin_version}, ${contract.regime.content_hash}`);
