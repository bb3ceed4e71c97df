// SPDX-License-Identifier: GPL-3.0-or-later
// Runs OWA-EPANET 2.2 (the npm package epanet-js, WebAssembly) on an .inp
// file and prints its heads and flows as JSON:
//   node run-epanet.mjs NETWORK.inp
//   -> {"engine":"epanet-js","version":N,"seconds":S,
//       "nodes":[{"id","head","pressure","demand"}...],
//       "links":[{"id","flow","headloss","velocity"}...]}
// seconds: the wall time of open + solveH (the .inp parsed and solved);
// open_seconds and solve_seconds: each apart.
// Exit 2 with a message on stderr when EPANET refuses the file.
//
//   node run-epanet.mjs NETWORK.inp OURS.json
// compares instead, node by node and pipe by pipe, the heads and flows of
// `reclaim-atlas-cli hydraulics --json` (OURS.json) with EPANET's and
// prints {"nodes","pipes","pumps","max_head_diff","max_flow_diff_rel",
// "seconds","failures"}; exit 1 when an id is missing on either side, a head
// differs by more than 0.1 m or a flow by more than 0.5 % (+ 1 mL/s).
import { Project, Workspace, CountType, NodeProperty, LinkProperty } from "epanet-js";
import fs from "fs";

const path = process.argv[2];
if (!path) {
  console.error("usage: node run-epanet.mjs NETWORK.inp");
  process.exit(2);
}
const ws = new Workspace();
await ws.loadModule();
const model = new Project(ws);
ws.writeFile("net.inp", fs.readFileSync(path));
let seconds, openSeconds, solveSeconds;
try {
  const t0 = process.hrtime.bigint();
  model.open("net.inp", "report.rpt", "out.bin");
  const t1 = process.hrtime.bigint();
  model.solveH();
  const t2 = process.hrtime.bigint();
  seconds = Number(t2 - t0) / 1e9;
  openSeconds = Number(t1 - t0) / 1e9;
  solveSeconds = Number(t2 - t1) / 1e9;
} catch (e) {
  let report = "";
  try { report = ws.readFile("report.rpt"); } catch (_) { /* none */ }
  console.error(`${path}: EPANET: ${e.message}\n${report}`);
  process.exit(2);
}
const nodes = [];
for (let i = 1; i <= model.getCount(CountType.NodeCount); i++)
  nodes.push({
    id: model.getNodeId(i),
    head: model.getNodeValue(i, NodeProperty.Head),
    pressure: model.getNodeValue(i, NodeProperty.Pressure),
    demand: model.getNodeValue(i, NodeProperty.Demand),
  });
const links = [];
for (let i = 1; i <= model.getCount(CountType.LinkCount); i++)
  links.push({
    id: model.getLinkId(i),
    flow: model.getLinkValue(i, LinkProperty.Flow),
    headloss: model.getLinkValue(i, LinkProperty.Headloss),
    velocity: model.getLinkValue(i, LinkProperty.Velocity),
  });
model.close();
if (process.argv[3]) {
  const ours = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
  const byNode = new Map(nodes.map((n) => [n.id, n]));
  const byLink = new Map(links.map((l) => [l.id, l]));
  const failures = [];
  let maxHead = 0, maxFlow = 0, nPumps = 0;
  const ourIds = new Set();
  for (const n of ours.nodes) {
    ourIds.add(n.id);
    const e = byNode.get(n.id);
    if (!e) { failures.push(`node ${n.id}: not in EPANET's results`); continue; }
    const d = Math.abs(e.head - n.head);
    maxHead = Math.max(maxHead, d);
    if (!(d <= 0.1)) failures.push(`node ${n.id}: head ${n.head} here, ${e.head} in EPANET`);
  }
  const flowOk = (ourQ, theirQ) => {
    const d = Math.abs(theirQ - ourQ);
    if (ourQ !== 0) maxFlow = Math.max(maxFlow, d / Math.abs(ourQ));
    return d <= 0.005 * Math.abs(ourQ) + 1e-3;   // 1 mL/s: EPANET's round-off in a pipe that carries nothing
  };
  for (const p of ours.pipes) {
    ourIds.add(p.id);
    const e = byLink.get(p.id);
    if (!e) { failures.push(`pipe ${p.id}: not in EPANET's results`); continue; }
    if (!flowOk(p.flow, e.flow)) failures.push(`pipe ${p.id}: flow ${p.flow} L/s here, ${e.flow} in EPANET`);
  }
  for (const s of ours.sources) {
    if (!s.pump) continue;
    ourIds.add(s.pump); ourIds.add(s.reservoir);
    nPumps++;
    const e = byLink.get(s.pump);
    if (!e) { failures.push(`pump ${s.pump}: not in EPANET's results`); continue; }
    if (!flowOk(s.flow, e.flow)) failures.push(`pump ${s.pump}: flow ${s.flow} L/s here, ${e.flow} in EPANET`);
  }
  for (const x of [...nodes, ...links])
    if (!ourIds.has(x.id)) failures.push(`${x.id}: in EPANET's results, not in ours`);
  process.stdout.write(JSON.stringify({ nodes: ours.nodes.length, pipes: ours.pipes.length,
                                        pumps: nPumps, max_head_diff: maxHead,
                                        max_flow_diff_rel: maxFlow, seconds,
                                        open_seconds: openSeconds, solve_seconds: solveSeconds,
                                        failures }) + "\n");
  process.exit(failures.length > 0 ? 1 : 0);
}
process.stdout.write(JSON.stringify({ engine: "epanet-js", version: "2.2",
                                      seconds, open_seconds: openSeconds,
                                      solve_seconds: solveSeconds, nodes, links }) + "\n");
