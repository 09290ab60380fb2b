/**
 * Characters that show nothing: white space, format characters (zero-width space and joiners, bidi marks, tags),
 * default-ignorable code points (fillers, variation selectors) and control characters.
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/gu;

/** True when the text holds at least one character a reader can see; "\u200B\u200D" alone is as empty as "". */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}
