/**
 * Copies plain text to the clipboard and returns null, or returns why it failed. The page needs
 * a user gesture and, in the desktop app, the clipboard-write permission the main process grants.
 */
export async function copyText(text: string): Promise<string | null> {
  try {
    await navigator.clipboard.writeText(text);
    return null;
  } catch (error) {
    return `Copying failed: ${error instanceof Error ? error.message : String(error)}. Select the text and copy it by hand.`;
  }
}
