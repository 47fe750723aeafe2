// Calls to /api/v1 with the signed-in token. Failures become ApiError with the
// server's own message, so the page can say exactly what went wrong.
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (Array.isArray(body.message)) return body.message.join('; ');
  } catch {
    // Not JSON (a proxy's error page): the status text says enough.
  }
  return response.statusText || `HTTP ${response.status}`;
}

export class Api {
  /** Called on a 401 from any request: the token was revoked or mistyped. */
  onUnauthorized: (message: string) => void = () => undefined;

  constructor(private readonly token: string) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const search = params.toString();
    return this.call<T>('GET', `${path}${search ? `?${search}` : ''}`);
  }

  post<T>(path: string): Promise<T> {
    return this.call<T>('POST', path);
  }

  private async call<T>(method: string, path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' }, cache: 'no-store' });
    } catch (error) {
      throw new ApiError(0, `cannot reach the server: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const message = await messageOf(response);
      if (response.status === 401) this.onUnauthorized(message);
      throw new ApiError(response.status, message);
    }
    return (await response.json()) as T;
  }
}
