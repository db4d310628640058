// Admin CLI for automation and tests: `npm run -s admin -- <command> [--json]`.
// With --json, success prints exactly one JSON object on stdout; errors go to stderr with exit 1
// (bad input) or 2 (bad usage). Every command runs against DATABASE_URL (embedded SQLite by default).
import { parseArgs } from "node:util";
import { scimBaseUrl } from "@/lib/config";
import { DomainError } from "@/lib/services/errors";
import {
  createWorkspace,
  listAllWorkspaces,
  requireWorkspaceBySlug,
  PLANS,
  ROLES,
  type Plan,
  type Role,
} from "@/lib/services/workspaces";
import { createToken, listTokens, revokeToken, tokenStatus } from "@/lib/services/tokens";
import { createManualMember } from "@/lib/services/members";
import { createInviteLink } from "@/lib/services/invitations";
import { OPERATOR } from "@/lib/services/audit";
import { confirmLink, detachLink, listLinkReviews } from "@/lib/services/identity/link-review";
import { backupAppDatabase, restoreAppDatabase } from "@/lib/services/backup";
import { guardSettings, saveGuardSettingsAs } from "@/lib/services/guardrail-review";

const USAGE = `Usage: npm run admin -- <command> [options] [--json]

  workspace create --name NAME [--slug SLUG] [--plan free|pro|enterprise] --owner-email EMAIL --owner-password PW [--owner-name NAME]
  workspace list
  token create --workspace SLUG [--label LABEL] [--expires-in-days N]
  token list --workspace SLUG
  token revoke --workspace SLUG --id TOKEN_ID
  user create --workspace SLUG --email EMAIL [--password PW] [--role owner|admin|member|member_lite] [--name NAME]
      (a new email with --password gets an account; an existing account is linked only when the workspace
       verified its domain, else the member is invited and the invite link is printed; a password is never
       set on an existing account)
  links list --workspace SLUG                    # account links to review after upgrading (README "Accounts and workspaces")
  links confirm --workspace SLUG --member MEMBER_ID
  links detach --workspace SLUG --member MEMBER_ID
  guardrail set --workspace SLUG [--enabled true|false] [--window-minutes N] [--percent P] [--min-people N]
      (the mass-deprovisioning guardrail: README "Microsoft Entra ID")
  backup --out FILE          online backup of DATABASE_URL while the server runs (SQLite backup API; pg_dump)
  restore --from FILE        into an empty DATABASE_URL (a new SQLite file, an empty PostgreSQL database)
`;

class UsageError extends Error {}

const options = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  name: { type: "string" },
  slug: { type: "string" },
  plan: { type: "string" },
  "owner-email": { type: "string" },
  "owner-password": { type: "string" },
  "owner-name": { type: "string" },
  workspace: { type: "string" },
  label: { type: "string" },
  "expires-in-days": { type: "string" },
  id: { type: "string" },
  email: { type: "string" },
  password: { type: "string" },
  role: { type: "string" },
  member: { type: "string" },
  out: { type: "string" },
  from: { type: "string" },
  enabled: { type: "string" },
  "window-minutes": { type: "string" },
  percent: { type: "string" },
  "min-people": { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function need(values: Values, key: keyof Values): string {
  const v = values[key];
  if (typeof v !== "string" || v === "") throw new UsageError(`Missing --${key}`);
  return v;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of: ${allowed.join(", ")}`);
  return value as T;
}

async function run(cmd: string, values: Values): Promise<{ json: unknown; text: string }> {
  // Before any service connects: a backup reads the database on its own connection, a restore needs it absent.
  if (cmd === "backup" || cmd === "restore") return runBackupCommand(cmd, values);
  switch (cmd) {
    case "workspace create": {
      const { workspace, owner } = await createWorkspace({
        name: need(values, "name"),
        slug: values.slug,
        plan: oneOf<Plan>(values.plan, PLANS, "plan"),
        ownerEmail: need(values, "owner-email"),
        ownerPassword: need(values, "owner-password"),
        ownerName: values["owner-name"],
      });
      return {
        json: {
          id: workspace.id,
          slug: workspace.slug,
          name: workspace.name,
          plan: workspace.plan,
          ownerMemberId: owner.id,
        },
        text: `Created workspace "${workspace.name}" (${workspace.slug}, plan ${workspace.plan}); owner ${owner.userName}`,
      };
    }
    case "guardrail set": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const current = await guardSettings(ws.id);
      const whole = (name: string, min: number, max: number, fallback: number) => {
        const raw = values[name as keyof Values] as string | undefined;
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max)
          throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
        return n;
      };
      if (values.enabled !== undefined && values.enabled !== "true" && values.enabled !== "false")
        throw new UsageError("--enabled must be true or false");
      const next = {
        enabled: values.enabled === undefined ? current.enabled : values.enabled === "true",
        windowMinutes: whole("window-minutes", 5, 10_080, current.windowMinutes),
        thresholdPercent: whole("percent", 1, 100, current.thresholdPercent),
        minPeople: whole("min-people", 1, 100_000, current.minPeople),
      };
      await saveGuardSettingsAs(ws.id, OPERATOR, next);
      return {
        json: next,
        text: `Guardrail of ${ws.slug}: ${next.enabled ? "on" : "off"}, ${next.thresholdPercent} % (at least ${next.minPeople}) per ${next.windowMinutes} min`,
      };
    }
    case "workspace list": {
      const list = await listAllWorkspaces();
      return {
        json: { workspaces: list },
        text: list.map((w) => `${w.slug}\t${w.plan}\t${w.members} members\t${w.name}`).join("\n") || "(none)",
      };
    }
    case "token create": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const daysRaw = values["expires-in-days"];
      const days = daysRaw === undefined ? null : Number(daysRaw);
      if (daysRaw !== undefined && !Number.isInteger(days))
        throw new UsageError("--expires-in-days must be a whole number");
      const { token, secret } = await createToken(ws.id, {
        label: values.label ?? "SCIM",
        expiresInDays: days,
        createdByName: "admin CLI",
        createdByOperator: true,
      });
      const baseUrl = scimBaseUrl();
      return {
        json: {
          id: token.id,
          token: secret,
          baseUrl,
          label: token.label,
          prefix: token.prefix,
          expiresAt: token.expiresAt,
        },
        text: `SCIM Base URL: ${baseUrl}\nToken (shown once, store it now): ${secret}\nToken id: ${token.id}`,
      };
    }
    case "token list": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const tokens = (await listTokens(ws.id)).map((t) => ({ ...t, status: tokenStatus(t) }));
      return {
        json: { tokens },
        text: tokens.map((t) => `${t.id}\tscim_${t.prefix}_…\t${t.status}\t${t.label}`).join("\n") || "(no tokens)",
      };
    }
    case "token revoke": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const id = need(values, "id");
      await revokeToken(ws.id, id, OPERATOR);
      return { json: { id, revoked: true }, text: `Revoked token ${id}` };
    }
    case "user create": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const member = await createManualMember(ws.id, {
        email: need(values, "email"),
        password: values.password ?? null,
        role: oneOf<Role>(values.role, ROLES, "role") ?? "member",
        name: values.name ?? null,
      });
      const inviteUrl = member.how === "invited" ? (await createInviteLink(ws.id, member.id, OPERATOR)).url : null;
      const ignored = member.how !== "new_account" && !!values.password;
      return {
        json: {
          id: member.id,
          userName: member.userName,
          role: member.role,
          status: member.status,
          linked: member.how,
          inviteUrl,
          passwordIgnored: ignored,
        },
        text:
          `Added ${member.userName} as ${member.role} (${member.status})` +
          (ignored ? "\nThe email already has an account: its password was not changed." : "") +
          (inviteUrl ? `\nInvite link (once, 7 days): ${inviteUrl}` : ""),
      };
    }
    case "links list": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const rows = await listLinkReviews(ws.id);
      return {
        json: { links: rows },
        text:
          rows
            .map((r) => `${r.id}\t${r.userName}\t${r.role}\taccount ${r.accountEmail ?? "-"}\t${r.reason}`)
            .join("\n") || "(nothing to review)",
      };
    }
    case "links confirm":
    case "links detach": {
      const ws = await requireWorkspaceBySlug(need(values, "workspace"));
      const id = need(values, "member");
      await (cmd === "links confirm" ? confirmLink : detachLink)(ws.id, id, OPERATOR);
      return {
        json: { id, [cmd === "links confirm" ? "confirmed" : "detached"]: true },
        text: `${cmd === "links confirm" ? "Confirmed" : "Detached"} ${id}`,
      };
    }
    default:
      throw new UsageError(cmd ? `Unknown command "${cmd}"` : "No command given");
  }
}

async function runBackupCommand(cmd: "backup" | "restore", values: Values): Promise<{ json: unknown; text: string }> {
  if (cmd === "backup") {
    const r = await backupAppDatabase(need(values, "out"));
    return {
      json: r,
      text: `Backed up the ${r.provider === "sqlite" ? "SQLite" : "PostgreSQL"} database to ${r.file} (${r.bytes} bytes in ${r.durationMs} ms)`,
    };
  }
  const r = await restoreAppDatabase(need(values, "from"));
  return {
    json: r,
    text: `Restored ${r.from} into ${r.target} in ${r.durationMs} ms. Start the server (npm start) to apply any newer migrations.`,
  };
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const { json, text } = await run(positionals.join(" "), values);
    console.log(values.json ? JSON.stringify(json) : text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof DomainError) {
      console.error(`Error: ${e.message}`);
      return 1;
    }
    console.error(e);
    return 1;
  }
}

main().then((code) => process.exit(code));
