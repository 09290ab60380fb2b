/**
 * The bytes of files this page already has, so a picture the visitor just sent (or an upload the relay just
 * confirmed) is shown without fetching it back: by clientAttachmentId before upload, by the relay's id after.
 */
const byClientId = new Map<string, Blob>();
const byId = new Map<string, Promise<Blob>>();

export function keepFile(clientAttachmentId: string, file: Blob): void {
  byClientId.set(clientAttachmentId, file);
}

export function localFile(clientAttachmentId: string | undefined): Blob | undefined {
  return clientAttachmentId ? byClientId.get(clientAttachmentId) : undefined;
}

/** Remembers a relay id's bytes (or the request fetching them), once per id. */
export function rememberFile(id: string, load: () => Promise<Blob>): Promise<Blob> {
  let pending = byId.get(id);
  if (!pending) {
    pending = load().catch((error: unknown) => {
      byId.delete(id);
      throw error;
    });
    byId.set(id, pending);
  }
  return pending;
}
