// oidc-provider ships no types; the tests use a small part of it.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Any = any;
  export default class Provider {
    constructor(issuer: string, configuration: Any);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Any>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Any, options?: Any): Promise<void>;
    Grant: Any;
    on(event: string, listener: (...args: Any[]) => void): void;
  }
}
