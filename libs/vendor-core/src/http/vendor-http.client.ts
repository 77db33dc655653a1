import { HttpService } from '@nestjs/axios';
import { AxiosError, AxiosResponse, isAxiosError } from 'axios';
import { VendorFailureError, VendorTimeoutError } from '../errors';
import { VendorHttpConfig, VendorRequest, VendorResponse } from './vendor-http.types';

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/**
 * The only way adapters talk HTTP. It owns what is the same for every vendor:
 * base URL joining, fixed headers, the per-call deadline, JSON parsing and
 * turning transport failures into domain errors. Status codes are the
 * adapter's to interpret, since each vendor means different things by them.
 */
export class VendorHttpClient {
  private readonly baseUrl: string;

  constructor(
    private readonly http: HttpService,
    private readonly config: VendorHttpConfig,
  ) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
  }

  get vendor(): string {
    return this.config.vendor;
  }

  async send(request: VendorRequest): Promise<VendorResponse> {
    const { vendor, timeoutMs } = this.config;
    let response: AxiosResponse<string>;
    try {
      response = await this.http.axiosRef.request<string>({
        method: request.method,
        url: `${this.baseUrl}/${request.path.replace(/^\/+/, '')}`,
        params: request.query,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          ...this.config.headers,
          Accept: 'application/json',
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        // A socket-idle timeout alone would let a slow trickle run forever: the
        // abort signal bounds the whole exchange.
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        responseType: 'text',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
      });
    } catch (error) {
      throw this.transportError(error);
    }
    return {
      status: response.status,
      headers: lowerCaseHeaders(response.headers),
      body: this.parseBody(response.status, response.data),
    };
  }

  private parseBody(status: number, text: string | undefined): unknown {
    if (text === undefined || text.length === 0) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (status >= 200 && status < 300) {
        throw new VendorFailureError(this.config.vendor, `${this.config.vendor} answered HTTP ${status} with a body that is not JSON`);
      }
      return text.slice(0, 500);
    }
  }

  private transportError(error: unknown): Error {
    const { vendor, timeoutMs } = this.config;
    const code = isAxiosError(error) ? (error as AxiosError).code : undefined;
    const name = error instanceof Error ? error.name : '';
    if ((code && TIMEOUT_CODES.has(code)) || name === 'AbortError' || name === 'TimeoutError' || name === 'CanceledError') {
      return new VendorTimeoutError(vendor, timeoutMs);
    }
    // Only the error code goes out: axios messages and configs can carry URLs and headers.
    return new VendorFailureError(vendor, `${vendor} could not be reached (${code ?? 'network error'})`, {
      cause: code ?? 'network_error',
    });
  }
}

function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}
