// Step-by-step setup for Microsoft Entra ID and Okta, with this workspace's Base URL filled in.
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { linkClass } from "@/components/ui/styles";
import { Tabs } from "@/components/ui/tabs";

const ACTIVE_EXPRESSION = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{children}</code>;
}

/** Steps for Entra ID and Okta, one tab each. */
export function SetupGuide({ slug, baseUrl }: { slug: string; baseUrl: string }) {
  return (
    <div className="space-y-3">
      <Tabs
        label="Identity provider"
        tabs={[
          {
            id: "entra",
            title: "Microsoft Entra ID",
            content: (
              <ol className="list-decimal space-y-2 pl-6 text-sm">
                <li>
                  In the Entra admin center open <strong>Enterprise applications</strong> → your app (or{" "}
                  <em>New application</em> → <em>Create your own application</em> → non-gallery) →{" "}
                  <strong>Provisioning</strong>, and set <em>Provisioning Mode</em> to <strong>Automatic</strong>.
                </li>
                <li>
                  Under <em>Admin Credentials</em> paste the Base URL <Code>{baseUrl}</Code> into{" "}
                  <strong>Tenant URL</strong> and the generated token into <strong>Secret Token</strong>.
                </li>
                <li>
                  Click <strong>Test Connection</strong>. Entra reads a random user and group; a success message means
                  the URL and token work. Then <strong>Save</strong>.
                </li>
                <li>
                  Under <em>Mappings</em> → <em>Provision Microsoft Entra ID Users</em> check the attribute mappings:
                  <ul className="mt-1 list-disc space-y-1 pl-5">
                    <li>
                      <Code>userName</Code> ← <Code>userPrincipalName</Code> (or <Code>mail</Code>): it must be the same
                      email people use to sign in with SSO.
                    </li>
                    <li className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
                      <Code>active</Code> ← <Code>{ACTIVE_EXPRESSION}</Code>{" "}
                      <CopyButton value={ACTIVE_EXPRESSION} label="Copy expression" />
                    </li>
                    <li>
                      <Code>displayName</Code> ← <Code>displayName</Code>; <Code>name.givenName</Code> /{" "}
                      <Code>name.familyName</Code> ← <Code>givenName</Code> / <Code>surname</Code>
                    </li>
                    <li>
                      <Code>externalId</Code> ← <Code>objectId</Code> (or <Code>mailNickname</Code>)
                    </li>
                    <li>
                      Optional: <Code>userType</Code> ← an app role (<Code>admin</Code>, <Code>user</Code>,{" "}
                      <Code>member_lite</Code>) to set workspace roles.
                    </li>
                  </ul>
                </li>
                <li>
                  Assign users and groups to the app under <em>Users and groups</em>, then use{" "}
                  <strong>Provision on demand</strong> with one user to check the result here.
                </li>
                <li>
                  Set <em>Provisioning Status</em> to <strong>On</strong>. Entra then syncs about every 40 minutes.
                </li>
              </ol>
            ),
          },
          {
            id: "okta",
            title: "Okta",
            content: (
              <ol className="list-decimal space-y-2 pl-6 text-sm">
                <li>
                  Set up SSO for the app in Okta first, then open the app → <strong>General</strong> →{" "}
                  <em>Edit App Settings</em> and set <em>Provisioning</em> to <strong>SCIM</strong>.
                </li>
                <li>
                  On the <strong>Provisioning</strong> tab → <em>Integration</em> → <em>Edit</em>:{" "}
                  <strong>SCIM connector base URL</strong> <Code>{baseUrl}</Code>,{" "}
                  <strong>Unique identifier field for users</strong> <Code>userName</Code>.
                </li>
                <li>
                  Supported provisioning actions: <em>Push New Users</em>, <em>Push Profile Updates</em> and{" "}
                  <em>Push Groups</em>. <strong>Authentication Mode</strong>: <strong>HTTP Header</strong>, and paste
                  the token as the Bearer token.
                </li>
                <li>
                  Click <strong>Test Connector Configuration</strong>, then <strong>Save</strong>.
                </li>
                <li>
                  Under <em>Provisioning</em> → <em>To App</em> enable <strong>Create Users</strong>,{" "}
                  <strong>Update User Attributes</strong> and <strong>Deactivate Users</strong>.
                </li>
                <li>
                  Assign people and groups, and push groups on the <strong>Push Groups</strong> tab.
                </li>
              </ol>
            ),
          },
        ]}
      />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Every request the identity provider sends shows up in the{" "}
        <Link className={linkClass} href={`/w/${slug}/log`}>
          provisioning log
        </Link>
        , with the error detail when one fails.
      </p>
    </div>
  );
}
