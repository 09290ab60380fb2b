/** The path of the launcher's chat-bubble icon: the widget's launcher and the loader's placeholder draw the same one. */
export const CHAT_ICON_PATH = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';
