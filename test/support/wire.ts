/** An OpenAI-style wire batch for hand-made hostile answers; `extra` replaces or adds fields. */
export const wireBatch = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: "batch",
  endpoint: "/v1/chat/completions",
  errors: null,
  input_file_id: "file-abc",
  completion_window: "24h",
  status: "completed",
  output_file_id: null,
  error_file_id: null,
  created_at: 1_700_000_000,
  in_progress_at: null,
  expires_at: null,
  finalizing_at: null,
  completed_at: null,
  failed_at: null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 1, completed: 1, failed: 0 },
  metadata: {},
  ...extra
})
