// Runs the offboarding policies (lib/services/offboarding.ts) from inside the server process, every
// OFFBOARDING_INTERVAL_MS (default 10 minutes): removes members suspended by SCIM for longer than their
// workspace's limit. Safe with several processes: each removal is a conditional DELETE, so a member is
// removed, audited and logged once however many processes run the job at the same moment.
import { config } from "@/lib/config";
import { runOffboardingPolicies } from "@/lib/services/offboarding";
import { log } from "@/lib/log";

const g = globalThis as unknown as {
  __offboardingJob?: { timer: ReturnType<typeof setInterval>; running: Promise<unknown> | null };
};

export function offboardingIntervalMs(): number {
  return config().OFFBOARDING_INTERVAL_MS;
}

export function startOffboardingJob(intervalMs = offboardingIntervalMs()) {
  if (g.__offboardingJob) return;
  const state: { timer: ReturnType<typeof setInterval>; running: Promise<unknown> | null } = {
    timer: setInterval(() => tick(), intervalMs),
    running: null,
  };
  const tick = () => {
    if (state.running) return;
    state.running = runOffboardingPolicies()
      .catch((e) => log.error({ reason: (e as Error).message }, "offboarding policy run failed"))
      .finally(() => (state.running = null));
  };
  state.timer.unref?.();
  g.__offboardingJob = state;
}

/** Stops the timer and waits for a run in flight. */
export async function stopOffboardingJob() {
  const state = g.__offboardingJob;
  if (!state) return;
  clearInterval(state.timer);
  await state.running;
  g.__offboardingJob = undefined;
}
