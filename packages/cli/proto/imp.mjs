await import("effect/cli/Command")
await import("effect/cli/Flag")
