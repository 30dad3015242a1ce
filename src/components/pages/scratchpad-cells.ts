/** The scratchpad's starter cells, one copy for every language's page (code is never translated). */
export const scratchpadCells = {
  count: `const net = resnet50();
const report = analyze(net);
console.log(\`\${report.name}: \${report.depth} weighted layers\`);
report.params`,
  stages: `report.stages.map((s) => ({
  stage: s.paperName,
  blocks: s.blocks.length,
  output: s.outputShape.join('×'),
  params: s.params,
  mult_adds: s.macs,
}))`,
  tensors: `const x = tf.randomNormal([2, 4, 4, 3]);
display(x);
// ReLU zeroes the negatives: the minimum becomes 0.
const y = tf.relu(x);
y`,
};
