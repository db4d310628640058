import { requireAdmin } from "@/lib/auth/session";
import { roleGate } from "../../role-gate";

// checked here, above loading.tsx, so a refused caller gets a real redirect or 404 (role-gate.tsx)
export default roleGate(requireAdmin);
