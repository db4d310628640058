// Password hashing with argon2id (@node-rs/argon2 ships prebuilt binaries through npm), and password
// strength with zxcvbn-ts (dictionaries of common passwords, names and words; keyboard patterns,
// repeats, sequences and dates; plus what the form itself says about the person).
import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_LENGTH = 8;
/** zxcvbn score (0–4) a new password needs: 3 is "safely unguessable: moderate protection from an
 * offline slow-hash scenario" (around 10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    // only the first 256 characters are analysed, so a long password costs bounded time
    maxLength: 256,
  });
  return estimator;
}

/** Why `password` is not acceptable for a new account or a password change, or null when it is.
 * `userInputs` are what the form knows about the person and workspace (email, name, workspace name):
 * a password built from them is weak. */
export function passwordProblem(password: string, userInputs: (string | null | undefined)[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const inputs = userInputs.flatMap((s) => (s ? [s, ...s.split(/[@\s._-]+/).filter((p) => p.length >= 3)] : []));
  const result = strength().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ? ` ${result.feedback.warning}` : "";
  const hint = result.feedback.suggestions.length
    ? ` ${result.feedback.suggestions.join(" ")}`
    : " Add another word or two that are not common.";
  return `This password is too easy to guess.${why}${hint}`;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
