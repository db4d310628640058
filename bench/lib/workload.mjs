// What the benchmark sends and seeds: Entra ID request bodies (the shapes of an initial provisioning cycle,
// see docs §1.3–1.7 of the Entra SCIM notes) and deterministic ids, shared by the load generator and the
// seeder so both describe the same users.
import crypto from "node:crypto";

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ADSCIM_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

/** A random-looking but reproducible UUID (v4 layout) for `seed`. */
export function uuidFrom(seed) {
  const h = crypto.createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const userName = (tag, i) => `${tag}.user${i}@bench.example`;
export const groupName = (tag, g) => `${tag} group ${g}`;
/** Row id of the i-th seeded member (the seeder writes rows directly, so it picks the ids). */
export const seededMemberId = (tag, i) => uuidFrom(`${tag}:member:${i}`);

/** Entra's POST /Users (request verbatim in shape, plus the usual mapped attributes). */
export function createUserBody(tag, i) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: uuidFrom(`${tag}:user:${i}`),
    userName: userName(tag, i),
    active: true,
    displayName: `Bench User ${i}`,
    emails: [{ primary: true, type: "work", value: `${tag}.user${i}@mail.bench.example` }],
    meta: { resourceType: "User" },
    name: { formatted: `Given${i} Family${i}`, familyName: `Family${i}`, givenName: `Given${i}` },
    title: "Engineer",
    [ENTERPRISE]: { department: `Department ${i % 20}`, employeeNumber: String(100000 + i) },
    roles: [],
  };
}

/** Entra's update without the aadOptscim062020 flag: several Replace ops in one PATCH. */
export function updateUserBody(tag, i) {
  return {
    schemas: [PATCH_OP],
    Operations: [
      { op: "Replace", path: "displayName", value: `Bench User ${i} (renamed)` },
      { op: "Replace", path: 'emails[type eq "work"].value', value: `${tag}.user${i}.new@mail.bench.example` },
      { op: "Replace", path: "name.givenName", value: `NewGiven${i}` },
      { op: "Replace", path: "name.familyName", value: `NewFamily${i}` },
      { op: "Replace", path: `${ENTERPRISE}:employeeNumber`, value: String(200000 + i) },
    ],
  };
}

export const deactivateBody = { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] };

export function createGroupBody(tag, g) {
  return {
    schemas: [GROUP, ADSCIM_GROUP],
    externalId: uuidFrom(`${tag}:group:${g}`),
    displayName: groupName(tag, g),
    meta: { resourceType: "Group" },
  };
}

export const addMemberBody = (memberId) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: memberId }] }],
});

/** The k-th membership of a cycle: every user in turn, then again with the next group (distinct pairs
 * while memberships ≤ users × groups). */
export function membership(k, users, groups) {
  const user = k % users;
  return { user, group: (user + Math.floor(k / users)) % groups };
}

/** Deterministic pseudo-random integers in [0, n) (mulberry32), so runs are repeatable. */
export function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
