/** What the background needs of the clipboard; each browser gives it differently. */
export interface ClipboardHands {
  write(text: string): Promise<boolean>;
  /** Empties the clipboard if it still holds the text with this fingerprint. */
  clearIf(fingerprint: string): Promise<boolean>;
}
