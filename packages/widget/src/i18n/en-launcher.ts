/** The English words tandem.js itself shows (the launcher, the panel's frame); en.ts has the rest. */
export const enLauncher = {
  title: 'Support',
  launcher: 'Chat with us',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: '{count} unread',
};
