/** Shared by the widget (to warn before sending) and the relay (to refuse). */
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 64;
