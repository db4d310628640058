// What the last "Test SSO" run received from the identity provider and which member it matched.
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { SsoTestResult } from "@/lib/services/sso/finish";
import { Notice } from "@/components/sso/notice";

const BY = {
  subject: "the linked NameID/subject",
  userName: "SCIM userName = email",
  email: "work email = email",
} as Record<string, string>;

export function TestResult({ result, at }: { result: SsoTestResult; at: Date | null }) {
  const when = at ? ` (${at.toISOString().replace("T", " ").slice(0, 19)} UTC)` : "";
  return (
    <div className="space-y-3" data-testid="sso-test-result">
      {result.ok ? (
        <Notice kind="success" title={`Test SSO succeeded${when}`}>
          The identity provider signed the person in and this workspace accepted the response.
        </Notice>
      ) : (
        <Notice kind="error" title={`Test SSO failed${when}`}>
          {result.error}
        </Notice>
      )}
      {result.subject && (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">{result.protocol === "oidc" ? "Subject (sub)" : "NameID"}</dt>
          <dd className="break-all font-mono text-xs">{result.subject}</dd>
          {result.protocol === "saml" && (
            <>
              <dt className="font-medium">NameID format</dt>
              <dd className="break-all font-mono text-xs">{result.nameIdFormat ?? "—"}</dd>
            </>
          )}
          <dt className="font-medium">Email</dt>
          <dd>{result.email ?? "— (missing)"}</dd>
          <dt className="font-medium">Matched member</dt>
          <dd>
            {result.match ? (
              <>
                {result.match.displayName ?? result.match.userName} ({result.match.userName}), by{" "}
                {BY[result.match.by] ?? result.match.by}; status {result.match.status}
                {result.match.linked ? "; already linked" : "; will be linked on first sign-in"}
              </>
            ) : result.jit ? (
              "No member matches: one would be created (JIT is on)"
            ) : (
              "No member matches (JIT is off: this person would be refused)"
            )}
          </dd>
        </dl>
      )}
      {result.attributes && Object.keys(result.attributes).length > 0 && (
        <div>
          <h3 aria-hidden="true" className="mb-1 text-sm font-medium">
            Attributes / claims received
          </h3>
          <Table caption="Attributes / claims received" compact>
            <THead>
              <Th>Name</Th>
              <Th>Value</Th>
            </THead>
            <TBody>
              {Object.entries(result.attributes).map(([k, v]) => (
                <Tr key={k}>
                  <Td className="break-all font-mono text-xs">{k}</Td>
                  <Td className="break-all text-xs">{Array.isArray(v) ? v.join(", ") : v}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </div>
  );
}
