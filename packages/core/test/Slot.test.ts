/**
 * The read-ahead's handoff (internal/slot.ts): order, back-pressure and interruption. listAll's
 * own behaviour over it is test/adapters/loopback.test.ts.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import { assert } from "vitest"
import { Slot } from "../src/internal/slot.js"

/** Forks `effect` and lets it run until it waits (or ends). */
const forkUntilWaiting = <A>(effect: Effect.Effect<A>) => Effect.tap(Effect.fork(effect), () => Effect.yieldNow())

const stillWaiting = <A>(fiber: Fiber.RuntimeFiber<A>) => Effect.map(Fiber.poll(fiber), Option.isNone)

describe("Slot", () => {
  it.effect("hands every value over in order; the producer is never more than the slot's one value ahead", () =>
    Effect.gen(function* () {
      const slot = new Slot<number>()
      let offered = 0
      let taken = 0
      let mostAhead = 0
      const producer = yield* Effect.fork(Effect.forEach(Array.from({ length: 50 }, (_, index) => index), (value) =>
        Effect.tap(slot.offer(value), () => {
          offered++
          mostAhead = Math.max(mostAhead, offered - taken)
        })))
      const received: Array<number> = []
      for (let index = 0; index < 50; index++) {
        // A consumer that is sometimes slower than the producer, sometimes faster.
        if (index % 3 === 0) yield* Effect.yieldNow()
        received.push(yield* slot.take)
        taken++
      }
      yield* Fiber.join(producer)
      assert.deepStrictEqual(received, Array.from({ length: 50 }, (_, index) => index))
      // Counted from outside: one value can be on its way to the consumer (taken, not yet
      // counted) while the next one fills the slot. An unbounded handoff would reach 50.
      assert.isAtMost(mostAhead, 2)
      assert.isAtLeast(mostAhead, 1)
    }))

  it.effect("an offer waits while the slot is full, until a take empties it", () =>
    Effect.gen(function* () {
      const slot = new Slot<string>()
      yield* slot.offer("a")
      const second = yield* forkUntilWaiting(slot.offer("b"))
      assert.isTrue(yield* stillWaiting(second))
      assert.strictEqual(yield* slot.take, "a")
      yield* Fiber.join(second)
      assert.strictEqual(yield* slot.take, "b")
    }))

  it.effect("an interrupted take leaves the slot usable, and the next value goes to the next take", () =>
    Effect.gen(function* () {
      const slot = new Slot<string>()
      const waiting = yield* forkUntilWaiting(slot.take)
      assert.isTrue(yield* stillWaiting(waiting))
      yield* Fiber.interrupt(waiting)
      yield* slot.offer("kept")
      assert.strictEqual(yield* slot.take, "kept")
    }))

  it.effect("an interrupted offer stores nothing", () =>
    Effect.gen(function* () {
      const slot = new Slot<string>()
      yield* slot.offer("first")
      const blocked = yield* forkUntilWaiting(slot.offer("dropped"))
      assert.isTrue(yield* stillWaiting(blocked))
      yield* Fiber.interrupt(blocked)
      assert.strictEqual(yield* slot.take, "first")
      const next = yield* forkUntilWaiting(slot.take)
      assert.isTrue(yield* stillWaiting(next))
      yield* slot.offer("later")
      assert.strictEqual(yield* Fiber.join(next), "later")
    }))
})
