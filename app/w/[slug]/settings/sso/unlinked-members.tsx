// Before "Enforce SSO": members who have not signed in with SSO yet, and whether their first sign-in
// can match them (userName/email on a verified domain).
interface Row { id: string; userName: string; email: string | null; displayName: string | null; role: string; matchable: boolean }

export function UnlinkedMembers({ members }: { members: Row[] }) {
  if (members.length === 0) {
    return <p className="text-sm text-green-800 dark:text-green-300">Every member (other than owners) is linked to an SSO identity.</p>;
  }
  const blocked = members.filter((m) => !m.matchable).length;
  return (
    <div className="space-y-2" data-testid="unlinked-members">
      <p className="text-sm">
        <strong>{members.length} member{members.length === 1 ? " has" : "s have"} not been matched yet</strong> (never signed in with SSO).
        {blocked > 0 && <> {blocked} cannot be matched: their userName and email are not on a verified domain, so enforcing SSO would lock them out.</>}
      </p>
      <table className="w-full text-left text-sm">
        <thead><tr className="border-b border-zinc-200 dark:border-zinc-800"><th className="py-1 pr-4 font-medium">Member</th><th className="py-1 pr-4 font-medium">Role</th><th className="py-1 font-medium">First SSO sign-in</th></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-zinc-100 dark:border-zinc-800">
              <td className="py-1 pr-4">{m.displayName ? `${m.displayName} · ` : ""}{m.userName}</td>
              <td className="py-1 pr-4">{m.role}</td>
              <td className="py-1">{m.matchable ? "will match by email" : <span className="text-red-700 dark:text-red-300">cannot match: not on a verified domain</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
