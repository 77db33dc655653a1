/** Tiny HTTP helper for the sandbox's own specs: real requests, answers read once as text and JSON. */
export const AUTH = {
  convirza: { authorization: 'Bearer sandbox-convirza-token' },
  desk: {
    authorization: `Basic ${Buffer.from('sandbox-desk:sandbox-desk-password').toString('base64')}`,
  },
  credira: { authorization: 'Bearer sandbox-credira-key' },
} as const;

export const BASE = {
  convirza: '/convirza/v3',
  desk: '/desk/api',
  credira: '/credira/v1',
} as const;

export interface Answer<J> {
  status: number;
  headers: Headers;
  text: string;
  /** undefined when the body is not JSON. */
  json: J;
}

export function sandboxClient<J = unknown>(url: () => string) {
  return async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Answer<J>> => {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: json as J };
  };
}
