/** What the fake server sends back: a status, headers and a body (text, or a file's chunks). */
export interface Reply {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string | ReadonlyArray<Buffer>
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

export const bodyBytes = (body: Reply["body"]): number =>
  typeof body === "string" ? Buffer.byteLength(body) : body.reduce((sum, chunk) => sum + chunk.length, 0)
