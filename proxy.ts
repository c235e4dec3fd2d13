import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends signed-out visitors of console pages to sign-in, remembering where they were going. Only the cookie's
 * presence is checked here; the console layout verifies the session itself.
 */
export function proxy(request: NextRequest) {
  const hasSession = request.cookies.getAll().some((c) => c.name.startsWith("provisio-") && c.name.endsWith(".session"));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

// every console page: everything except the APIs, the sign-in and consent pages and static files
export const config = { matcher: ["/((?!api/|_next/|signin|consent|oauth2/|scim2|wso2/|\\.well-known/|favicon\\.ico).+)"] };
