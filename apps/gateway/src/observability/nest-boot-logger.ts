import { LoggerService } from '@nestjs/common';

/** Nest's own start-up chatter: module wiring, one line per mapped route, "started". */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

function contextOf(optionalParams: unknown[]): unknown {
  return optionalParams[optionalParams.length - 1];
}

/**
 * Nest's logger with its boot lines at debug, so the start-up banner is the
 * last thing printed at boot (LOG_LEVEL=debug shows them). NestApplication's
 * errors are its listen failures, which main.ts reports in one clear line, so
 * they go to debug too; every other error passes through untouched.
 */
export class NestBootLogger implements LoggerService {
  constructor(
    private readonly inner: Required<Pick<LoggerService, 'debug' | 'verbose'>> & LoggerService,
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    if (BOOT_CONTEXTS.has(contextOf(optionalParams) as string))
      this.inner.debug(message, ...optionalParams);
    else this.inner.log(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    if (contextOf(optionalParams) === 'NestApplication')
      this.inner.debug(message, ...optionalParams);
    else this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optionalParams);
  }
}
