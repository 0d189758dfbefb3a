/**
 * Finds where a text stops being JSON. Only run after `JSON.parse` has failed: V8's messages do
 * not always carry a position (Node 20 says `Unexpected token '<', "<html>..." is not valid JSON`),
 * and users need the line and column of the first fault.
 */

export interface SyntaxFault {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly found: string
}

const isWhitespace = (char: string | undefined) => char === " " || char === "\n" || char === "\r" || char === "\t"

/** The offset of the first character that makes `text` invalid JSON (text.length when it ends too early). */
const firstFaultOffset = (text: string): number => {
  let index = 0
  const skip = () => {
    while (isWhitespace(text[index])) index++
  }
  // Each parser returns true when it consumed a well-formed value; on a fault `index` stays on it.
  const value = (): boolean => {
    skip()
    const char = text[index]
    if (char === "{") return container("}", true)
    if (char === "[") return container("]", false)
    if (char === "\"") return string()
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return number()
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, index)) {
        index += word.length
        return true
      }
    }
    return false
  }
  const container = (close: string, keyed: boolean): boolean => {
    index++
    skip()
    if (text[index] === close) {
      index++
      return true
    }
    for (;;) {
      if (keyed) {
        skip()
        if (text[index] !== "\"" || !string()) return false
        skip()
        if (text[index] !== ":") return false
        index++
      }
      if (!value()) return false
      skip()
      if (text[index] === ",") {
        index++
        continue
      }
      if (text[index] === close) {
        index++
        return true
      }
      return false
    }
  }
  const string = (): boolean => {
    index++
    while (index < text.length) {
      const char = text[index]!
      if (char === "\"") {
        index++
        return true
      }
      if (char === "\\") {
        const escape = text[index + 1]
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return false
          index += 6
        } else if (escape !== undefined && "\"\\/bfnrt".includes(escape)) index += 2
        else return false
      } else if (char < " ") return false
      else index++
    }
    return false
  }
  const number = (): boolean => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 64))
    if (match === null) return false
    index += match[0].length
    return true
  }
  if (!value()) return index
  skip()
  return index
}

/** Locates the first syntax fault of a text that `JSON.parse` refused. */
export const locateFault = (text: string): SyntaxFault => {
  const offset = firstFaultOffset(text)
  const before = text.slice(0, offset)
  const lastNewline = before.lastIndexOf("\n")
  return {
    offset,
    line: before.split("\n").length,
    column: offset - lastNewline,
    found: offset >= text.length ? "end of input" : JSON.stringify(text.slice(offset, offset + 12))
  }
}
