import { fillerRecords } from './filler';
import { SeedData } from './records';
import { pageExampleRecords } from './page-examples';
import { scenarioRecords } from './scenarios';

/** The full deterministic data set: filler people first, then the scenarios (as creation order). */
export function seedData(): SeedData {
  const filler = fillerRecords();
  const scenarios = scenarioRecords();
  const pages = pageExampleRecords();
  return {
    convirza: [...filler.convirza, ...scenarios.convirza, ...pages.convirza],
    desk: [...filler.desk, ...scenarios.desk, ...pages.desk],
    credira: [...filler.credira, ...scenarios.credira, ...pages.credira],
  };
}
