import { describe, expect, it } from "vitest";
import { unreachableReason } from "@/lib/http/public-url";

describe("unreachableReason", () => {
  it("accepts public https URLs", () => {
    expect(unreachableReason("https://work.example.com/scim/v2")).toBeNull();
    expect(unreachableReason("https://203.0.113.9/scim/v2")).toBeNull();
  });
  it("names why loopback, private, plain-http and local names cannot be reached by Entra", () => {
    expect(unreachableReason("http://127.0.0.1:3000/scim/v2")).toMatch(/this machine or a private/);
    expect(unreachableReason("https://localhost/scim/v2")).toMatch(/this machine/);
    expect(unreachableReason("https://192.168.1.5/scim/v2")).toMatch(/private/);
    expect(unreachableReason("https://[::1]/scim/v2")).toMatch(/private/);
    expect(unreachableReason("https://intranet/scim/v2")).toMatch(/not a public host/);
    expect(unreachableReason("https://box.local/scim/v2")).toMatch(/not a public host/);
    expect(unreachableReason("http://work.acme.com/scim/v2")).toMatch(/http:\/\//);
  });
});
