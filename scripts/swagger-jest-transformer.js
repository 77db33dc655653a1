// Runs the @nestjs/swagger CLI plugin under ts-jest, so specs see the same
// OpenAPI metadata as the build (scripts/build.js reads the same options from nest-cli.json).
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (cs) =>
  transformer.before(
    {
      introspectComments: true,
      classValidatorShim: true,
      dtoFileNameSuffix: ['.dto.ts', '.model.ts'],
    },
    cs.program,
  );
