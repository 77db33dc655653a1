// Jest's global teardown: stops the run's shared PostgreSQL server and
// removes the run directory (see scripts/jest-global-setup.js).
const { removeRunDir } = require('./jest-global-setup');

module.exports = async function globalTeardown() {
  const dir = process.env.USERBRIDGE_TEST_RUN_DIR;
  if (dir) await removeRunDir(dir);
};
