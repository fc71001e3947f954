/** Strings of the file browser, uploads and the Ready to send panel (owned by the files/upload helper). */
export default {}
