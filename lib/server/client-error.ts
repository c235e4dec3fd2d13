import type { Duplex } from "node:stream";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";

/**
 * Requests Node's parser refuses before any handler runs (a head over 16 KiB, a malformed request line) still
 * get an answer in the API's error format: Node's own is a bare status line that SCIM clients cannot parse.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const reason = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  const body = JSON.stringify(toScimErrorBody(new ScimError(status, tooLarge ? "The request line and headers exceed 16 KiB" : "The request is not valid HTTP")));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/scim+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-content-type-options: nosniff\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
