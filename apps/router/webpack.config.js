module.exports = require('../../tools/build/node-app-webpack.cjs')(__dirname, {
  additionalEntryPoints: [{ entryName: 'eval', entryPath: './src/eval/eval-cli.ts' }],
});
