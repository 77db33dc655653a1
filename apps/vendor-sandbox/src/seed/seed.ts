import { fillerRecords } from './filler';
import { SeedData } from './records';
import { scenarioRecords } from './scenarios';

/** The full deterministic data set: filler people first, then the scenarios (as creation order). */
export function seedData(): SeedData {
  const filler = fillerRecords();
  const scenarios = scenarioRecords();
  return {
    convirza: [...filler.convirza, ...scenarios.convirza],
    desk: [...filler.desk, ...scenarios.desk],
    credira: [...filler.credira, ...scenarios.credira],
  };
}
