// The e2e project's global set-up (runs only when an e2e spec is in the run):
// the specs spawn the gateway from the build, as `npm start` runs it, so build
// it first when it is missing or older than the sources. `npm test` already
// did this in `pretest`; this covers `npx jest <spec>` after an edit.
const { ensureBuild } = require('./ensure-build');

module.exports = async function e2eGlobalSetup() {
  ensureBuild();
};
