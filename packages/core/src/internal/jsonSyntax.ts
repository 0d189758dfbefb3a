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

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early). Iterative, with the open containers on an explicit stack: a body of 100,000 `[` is a
 * fault at its end, never a stack overflow.
 */
const firstFaultOffset = (text: string): number => {
  let index = 0
  const skip = () => {
    while (isWhitespace(text[index])) index++
  }
  // The closing character of each open container, innermost last.
  const open: Array<string> = []
  // Reads an object key and its colon; on a fault `index` stays on it.
  const key = (): boolean => {
    skip()
    if (text[index] !== "\"" || !string()) return false
    skip()
    if (text[index] !== ":") return false
    index++
    return true
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
  for (;;) {
    // A value starts here: a scalar is consumed, a non-empty container is opened.
    skip()
    const char = text[index]
    if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]"
      index++
      skip()
      if (text[index] === close) index++
      else {
        open.push(close)
        if (close === "}" && !key()) return index
        continue
      }
    } else if (char === "\"") {
      if (!string()) return index
    } else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) {
      if (!number()) return index
    } else {
      const word = ["true", "false", "null"].find((word) => text.startsWith(word, index))
      if (word === undefined) return index
      index += word.length
    }
    // A value has ended: close the containers it ends, or go on to the next member.
    for (;;) {
      skip()
      const close = open[open.length - 1]
      if (close === undefined) return index
      if (text[index] === ",") {
        index++
        if (close === "}" && !key()) return index
        break
      }
      if (text[index] !== close) return index
      index++
      open.pop()
    }
  }
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
