/**
 * The English words of attachments (previews, progress, errors, files in the transcript). They arrive with the
 * attachments' chunk (ui/attach), fetched when the visitor first attaches a file or a message with files is shown.
 */
export const enAttach = {
  removeFile: 'Remove {name}',
  openFile: 'Open {name}',
  downloadFile: 'Download {name}',
  uploading: 'Uploading {name}',
  fileTooLarge: '{name} is too large: a file can be at most {limit} MB.',
  fileTypeNotAllowed: '{name} cannot be sent: only pictures (JPEG, PNG, WebP, GIF) and PDF files can.',
  tooManyFiles: 'At most {count} files can go with one message.',
  conversationFileLimit: 'This conversation has reached its limit of {count} files.',
  fileUnavailable: 'This file is no longer available.',
  sendFailedTooLarge: 'A file was too large to send.',
  sendFailedType: 'A file was of a type that cannot be sent.',
  sendFailedLimit: 'This conversation cannot take more files.',
  sendFailedMissing: 'The file is no longer stored in this browser: please attach it again.',
};
