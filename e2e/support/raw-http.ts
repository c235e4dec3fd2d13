import http from "node:http";
import net from "node:net";

export interface SocketExchange {
  /** everything the server sent, as latin1 text */
  received: string;
  /** the server closed the connection */
  closed: boolean;
  /** neither an answer to every request nor a close came before the deadline */
  hung: boolean;
}

/**
 * Writes raw bytes on one TCP connection (several requests back to back, bodies longer than announced limits)
 * and collects what comes back until the server closes the connection, `expectResponses` status lines have
 * arrived, or the deadline passes. Errors from writing into a connection the server closed are expected.
 */
export function exchangeOnSocket(baseUrl: string, chunks: Buffer[], expectResponses: number, deadlineMs: number): Promise<SocketExchange> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let received = "";
    let settled = false;
    const finish = (closed: boolean, hung: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closed, hung });
    };
    const timer = setTimeout(() => finish(false, true), deadlineMs);
    socket.on("data", (d) => {
      received += d.toString("latin1");
      if ((received.match(/^HTTP\/1\.1 \d{3}/gm) ?? []).length >= expectResponses && /\r\n\r\n[\s\S]*$/.test(received)) {
        // give the last body a moment to arrive whole
        setTimeout(() => finish(false, false), 200);
      }
    });
    socket.on("close", () => finish(true, false));
    socket.on("error", () => undefined);
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r).once("close", r));
      }
    });
  });
}

/** The head of an HTTP/1.1 request. */
export function requestHead(method: string, path: string, host: string, headers: Record<string, string | number>): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""];
  return Buffer.from(lines.join("\r\n"), "latin1");
}

/**
 * A request whose path goes on the wire exactly as given: fetch resolves "." and ".." segments (also
 * percent-encoded) before sending, which hides what a server does with them.
 */
export function verbatimRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname === "localhost" ? "127.0.0.1" : hostname, port: Number(port), method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
