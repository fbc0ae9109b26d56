// any console output during a test is a bug: fail loudly (borrowed from zod's test setup)
import { beforeEach } from "vitest";

const methods = ["log", "info", "warn", "error", "debug"] as const;

beforeEach(() => {
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      throw new Error(`unexpected console.${method} during a test: ${args.map(String).join(" ")}`);
    };
  }
});
