interface InspectorSocket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  send(text: string): void;
  close(): void;
}
type InspectorSocketClass = new (url: string) => InspectorSocket;

/**
 * A full garbage collection in another Node process, asked of its inspector
 * (the process runs with `--inspect=127.0.0.1:<port>`) over the DevTools
 * protocol: `HeapProfiler.collectGarbage`. Nothing in the gateway exposes a
 * collection; the bench reaches in from outside. Needs Node's WebSocket
 * client (`node --experimental-websocket` on Node 20).
 */
export async function collectGarbage(inspectorPort: number): Promise<void> {
  const Socket = (globalThis as { WebSocket?: InspectorSocketClass }).WebSocket;
  if (!Socket) throw new Error('collectGarbage needs node --experimental-websocket');
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  if (targets.length === 0) throw new Error(`no inspector target on port ${inspectorPort}`);
  await new Promise<void>((resolve, reject) => {
    const socket = new Socket(targets[0].webSocketDebuggerUrl);
    const timer = setTimeout(
      () => reject(new Error('the collection did not finish in 30 s')),
      30_000,
    );
    socket.onopen = () =>
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    socket.onmessage = (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id !== 1) return;
      clearTimeout(timer);
      socket.close();
      resolve();
    };
    socket.onerror = () => {
      clearTimeout(timer);
      reject(new Error('the inspector connection failed'));
    };
  });
}
