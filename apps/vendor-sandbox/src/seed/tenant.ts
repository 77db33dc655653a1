import { SeedData } from './records';

/**
 * A second desk tenant's seed, made from the first's so that both stay
 * deterministic: the same ids (a tenant's ids are its own: `desk:7` and
 * `desk-eu:7` are two accounts), every fourth person also working at the first
 * tenant (same email and name: one identity with two desk accounts), everyone
 * else somebody else (an `eu.` email and username, another last name).
 */
export function tenantSeed(seed: SeedData): SeedData {
  return {
    convirza: [],
    credira: [],
    desk: seed.desk.map((record, index) => {
      if (index % 4 === 0) return record;
      return {
        ...record,
        email: `eu.${record.email}`,
        username: `eu.${record.username}`,
        last_name: `${record.last_name}-Eu`,
      };
    }),
  };
}
