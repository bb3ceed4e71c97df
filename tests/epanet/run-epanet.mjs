// SPDX-License-Identifier: GPL-3.0-or-later
// Runs OWA-EPANET 2.2 (the npm package epanet-js, WebAssembly) on an .inp
// file and prints its heads and flows as JSON:
//   node run-epanet.mjs NETWORK.inp
//   -> {"engine":"epanet-js","version":N,"seconds":S,
//       "nodes":[{"id","head","pressure","demand"}...],
//       "links":[{"id","flow","headloss","velocity"}...]}
// seconds: the wall time of open + solveH (the .inp parsed and solved).
// Exit 2 with a message on stderr when EPANET refuses the file.
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
let seconds;
try {
  const t0 = process.hrtime.bigint();
  model.open("net.inp", "report.rpt", "out.bin");
  model.solveH();
  seconds = Number(process.hrtime.bigint() - t0) / 1e9;
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
process.stdout.write(JSON.stringify({ engine: "epanet-js", version: "2.2",
                                      seconds, nodes, links }) + "\n");
